// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_common.c - files, lines, tokens, numbers and arrays for the readers of
 * the kernel's memory views.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "view_common.h"

void view_err_clear(struct memctl_err *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static void view_err_vset(struct memctl_err *err, const char *path,
			  unsigned int line, const char *fmt, va_list ap)
{
	if (!err)
		return;
	view_copy_name(err->path, sizeof(err->path), path ? path : "");
	err->line = line;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int view_fail(struct memctl_err *err, const char *path, unsigned int line,
	      int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	view_err_vset(err, path, line, fmt, ap);
	va_end(ap);
	return -errnum;
}

int view_bad_line(struct view_file *vf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	view_err_vset(vf->err, vf->path, vf->line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int view_path(char *buf, size_t len, const char *root, const char *kpath)
{
	size_t root_len = root ? strlen(root) : 0;
	int n;

	/*
	 * Trailing slashes of the sysroot are dropped so that "snap/" and
	 * "snap" name the same files, and "/" ends up as no prefix at all.
	 */
	while (root_len > 0 && root[root_len - 1] == '/')
		root_len--;
	n = snprintf(buf, len, "%.*s%s", (int)root_len, root ? root : "", kpath);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int view_join(char *buf, size_t len, const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int view_open(struct view_file *vf, const char *root, const char *kpath,
	      struct memctl_err *err)
{
	int ret;

	memset(vf, 0, sizeof(*vf));
	vf->err = err;
	ret = view_path(vf->path, sizeof(vf->path), root, kpath);
	if (ret)
		return view_fail(err, kpath, 0, -ret, "sysroot path too long");
	vf->fp = fopen(vf->path, "re");
	if (!vf->fp)
		return view_fail(err, vf->path, 0, errno, "cannot open: %s",
				 strerror(errno));
	return 0;
}

void view_close(struct view_file *vf)
{
	if (vf->fp)
		fclose(vf->fp);
	free(vf->buf);
	vf->fp = NULL;
	vf->buf = NULL;
	vf->buf_size = 0;
}

int view_next_line(struct view_file *vf, char **line)
{
	ssize_t len;

	errno = 0;
	len = getline(&vf->buf, &vf->buf_size, vf->fp);
	if (len < 0) {
		if (ferror(vf->fp) || errno == ENOMEM) {
			int errnum = errno ? errno : EIO;

			return view_fail(vf->err, vf->path, vf->line + 1, errnum,
					 "cannot read: %s", strerror(errnum));
		}
		return 0;
	}
	vf->line++;
	if (len > 0 && vf->buf[len - 1] == '\n')
		vf->buf[--len] = '\0';
	/* A NUL byte would silently cut the line short: not a text view. */
	if (strlen(vf->buf) != (size_t)len)
		return view_bad_line(vf, "NUL byte in the line");
	*line = vf->buf;
	return 1;
}

static bool view_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t view_tokenize(char *line, char **tokens, size_t *starts, size_t max)
{
	char *p = line;
	size_t nr = 0;

	while (nr < max) {
		while (view_is_blank(*p))
			p++;
		if (!*p)
			break;
		if (starts)
			starts[nr] = (size_t)(p - line);
		tokens[nr++] = p;
		while (*p && !view_is_blank(*p))
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return nr;
}

static int view_digit(char c, unsigned int base)
{
	unsigned int v;

	if (c >= '0' && c <= '9')
		v = (unsigned int)(c - '0');
	else if (c >= 'a' && c <= 'f')
		v = (unsigned int)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		v = (unsigned int)(c - 'A' + 10);
	else
		return -1;
	return v < base ? (int)v : -1;
}

/* strtoull() takes signs, blanks and partial numbers: the views allow none. */
static int view_parse_base(const char *s, unsigned int base, uint64_t *out)
{
	uint64_t v = 0;
	int d;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		d = view_digit(*s, base);
		if (d < 0)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -EINVAL;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

int view_parse_u64(const char *s, uint64_t *out)
{
	return view_parse_base(s, 10, out);
}

int view_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (view_parse_base(s, 10, &v) || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int view_parse_hex(const char *s, uint64_t *out)
{
	if (s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return view_parse_base(s, 16, out);
}

int view_parse_node(const char *s, int *node)
{
	size_t len = strlen(s);
	char digits[16];
	uint64_t v;

	if (len < 2 || len > sizeof(digits) || s[len - 1] != ',')
		return -EINVAL;
	memcpy(digits, s, len - 1);
	digits[len - 1] = '\0';
	if (view_parse_u64(digits, &v) || v > INT_MAX)
		return -EINVAL;
	*node = (int)v;
	return 0;
}

void view_copy_name(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (!size)
		return;
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void *view_array_grow(void *items, size_t nr, size_t *cap, size_t elem_size)
{
	size_t new_cap;
	char *grown;

	if (nr < *cap)
		return items;
	new_cap = *cap ? *cap * 2 : 16;
	if (new_cap <= nr)
		new_cap = nr + 1;
	if (new_cap > SIZE_MAX / elem_size)
		return NULL;
	grown = realloc(items, new_cap * elem_size);
	if (!grown)
		return NULL;
	memset(grown + *cap * elem_size, 0, (new_cap - *cap) * elem_size);
	*cap = new_cap;
	return grown;
}

int view_read_records(struct view_file *vf, size_t elem_size,
		      int (*parse)(struct view_file *vf, char *line, void *item),
		      void **items, size_t *nr)
{
	size_t n = 0, cap = 0;
	char *arr = NULL, *grown;
	char *line;
	int ret;

	while ((ret = view_next_line(vf, &line)) > 0) {
		if (line[strspn(line, " \t")] == '\0')
			continue;
		grown = view_array_grow(arr, n, &cap, elem_size);
		if (!grown) {
			ret = view_fail(vf->err, vf->path, vf->line, ENOMEM,
					"out of memory");
			goto err_free;
		}
		arr = grown;
		ret = parse(vf, line, arr + n * elem_size);
		if (ret)
			goto err_free;
		n++;
	}
	if (ret < 0)
		goto err_free;
	*items = arr;
	*nr = n;
	return 0;

err_free:
	free(arr);
	return ret;
}

int view_read_attr(const char *dir, const char *name, char *buf, size_t len,
		   struct memctl_err *err)
{
	char path[PATH_MAX];
	size_t used = 0;
	ssize_t n;
	int fd, errnum;

	if (view_join(path, sizeof(path), dir, name))
		return view_fail(err, dir, 0, ENAMETOOLONG, "path too long");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errnum = errno;
		return view_fail(err, path, 0, errnum, "cannot open: %s",
				 strerror(errnum));
	}
	/* sysfs hands out an attribute in one read; a snapshot may not. */
	while (used + 1 < len) {
		n = read(fd, buf + used, len - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errnum = errno;
			close(fd);
			return view_fail(err, path, 0, errnum, "cannot read: %s",
					 strerror(errnum));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	if (strlen(buf) != used)
		return view_fail(err, path, 1, EINVAL, "NUL byte in the file");
	while (used > 0 && (buf[used - 1] == '\n' || buf[used - 1] == ' '))
		buf[--used] = '\0';
	return (int)used;
}
