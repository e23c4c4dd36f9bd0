// SPDX-License-Identifier: GPL-2.0
/*
 * memlab: a kernel memory lab. /dev/memlab allocates on request from every
 * kernel allocator and hands the memory to user programs.
 *
 * The misc device hangs under a platform device so that DMA allocations
 * have a real struct device with a mask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "compat.h"
#include "memlab_core.h"

unsigned long memlab_max_bytes = 512UL << 20;
module_param_named(max_bytes, memlab_max_bytes, ulong, 0644);
MODULE_PARM_DESC(max_bytes, "Bytes all live objects may hold (default 512 MiB)");

unsigned long memlab_max_objects = 1UL << 21;
module_param_named(max_objects, memlab_max_objects, ulong, 0644);
MODULE_PARM_DESC(max_objects, "Live objects, caches included (default 2097152)");

unsigned int memlab_max_caches = 64;
module_param_named(max_caches, memlab_max_caches, uint, 0644);
MODULE_PARM_DESC(max_caches, "Live kmem_caches (default 64)");

unsigned int memlab_max_order = MEMLAB_KMAX_ORDER;
module_param_named(max_order, memlab_max_order, uint, 0644);
MODULE_PARM_DESC(max_order, "Highest order of a pages object (default: the kernel's)");

unsigned long memlab_uid_max_bytes;
module_param_named(uid_max_bytes, memlab_uid_max_bytes, ulong, 0644);
MODULE_PARM_DESC(uid_max_bytes, "Bytes per creator uid (0: no limit)");

bool memlab_charge_memcg = true;
module_param_named(charge_memcg, memlab_charge_memcg, bool, 0644);
MODULE_PARM_DESC(charge_memcg, "Charge every allocation to the caller's memory cgroup");

unsigned int memlab_dma_mask_bits = 64;
module_param_named(dma_mask_bits, memlab_dma_mask_bits, uint, 0444);
MODULE_PARM_DESC(dma_mask_bits, "DMA mask width of the memlab device (default 64)");

struct memlab_dev memlab = {
	.objs = XARRAY_INIT(memlab.objs, XA_FLAGS_ALLOC1),
	.mmap_offsets = MTREE_INIT(memlab.mmap_offsets, 0),
	.next_pgoff = MEMLAB_MMAP_PGOFF_FIRST,
	.lock = __MUTEX_INITIALIZER(memlab.lock),
	.caches = LIST_HEAD_INIT(memlab.caches),
	.acct_lock = __SPIN_LOCK_UNLOCKED(memlab.acct_lock),
};

static int memlab_open(struct inode *inode, struct file *file)
{
	struct memlab_file *mf;

	mf = kzalloc(sizeof(*mf), GFP_KERNEL_ACCOUNT);
	if (!mf)
		return -ENOMEM;
	file->private_data = mf;
	return 0;
}

static int memlab_release(struct inode *inode, struct file *file)
{
	struct memlab_file *mf = file->private_data;

	memlab_release_owned(mf);
	kfree(mf);
	return 0;
}

static const struct file_operations memlab_fops = {
	.owner = THIS_MODULE,
	.open = memlab_open,
	.release = memlab_release,
	.unlocked_ioctl = memlab_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = memlab_mmap,
	.llseek = noop_llseek,
};

static int memlab_pdev_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	int ret;

	if (memlab_dma_mask_bits < 24 || memlab_dma_mask_bits > 64) {
		dev_err(dev, "dma_mask_bits=%u: must be 24..64\n",
			memlab_dma_mask_bits);
		return -EINVAL;
	}
	ret = dma_coerce_mask_and_coherent(dev,
					   DMA_BIT_MASK(memlab_dma_mask_bits));
	if (ret) {
		dev_err(dev, "cannot set a %u-bit DMA mask: %d\n",
			memlab_dma_mask_bits, ret);
		return ret;
	}

	memlab.dev = dev;
	memlab.misc.minor = MISC_DYNAMIC_MINOR;
	memlab.misc.name = "memlab";
	memlab.misc.fops = &memlab_fops;
	memlab.misc.parent = dev;
	memlab.misc.mode = 0600;
	ret = misc_register(&memlab.misc);
	if (ret) {
		dev_err(dev, "cannot register /dev/memlab: %d\n", ret);
		goto err_dev;
	}
	return 0;

err_dev:
	memlab.dev = NULL;
	return ret;
}

/*
 * Only reached at module unload (bind/unbind through sysfs is suppressed),
 * when no file is open and no mapping exists: what is left is persistent.
 */
static void memlab_pdev_remove(struct platform_device *pdev)
{
	misc_deregister(&memlab.misc);
	memlab_release_owned(NULL);

	WARN_ON_ONCE(!xa_empty(&memlab.objs));
	mtree_destroy(&memlab.mmap_offsets);
	memlab.dev = NULL;
}

static struct platform_driver memlab_driver = {
	.probe = memlab_pdev_probe,
	.MEMLAB_PLATFORM_REMOVE = memlab_pdev_remove,
	.driver = {
		.name = "memlab",
		.suppress_bind_attrs = true,
	},
};

static struct platform_device *memlab_pdev;

static int __init memlab_init(void)
{
	int ret;

	ret = memlab_cache_layout_check();
	if (ret)
		return ret;
	ret = memlab_obj_cache_init();
	if (ret)
		return ret;
	/* next: objects announce themselves from the moment they exist */
	ret = memlab_nl_init();
	if (ret)
		goto err_cache;
	ret = platform_driver_register(&memlab_driver);
	if (ret)
		goto err_nl;

	memlab_pdev = platform_device_register_simple("memlab", -1, NULL, 0);
	if (IS_ERR(memlab_pdev)) {
		ret = PTR_ERR(memlab_pdev);
		goto err_driver;
	}
	if (!memlab.dev) {
		/* probe failed and said why */
		ret = -ENODEV;
		goto err_device;
	}
	pr_info("/dev/memlab ready (interface %u, max order %u)\n",
		MEMLAB_VERSION, min_t(unsigned int, memlab_max_order,
				      MEMLAB_KMAX_ORDER));
	return 0;

err_device:
	platform_device_unregister(memlab_pdev);
err_driver:
	platform_driver_unregister(&memlab_driver);
err_nl:
	memlab_nl_exit();
err_cache:
	memlab_obj_cache_exit();
	return ret;
}

static void __exit memlab_exit(void)
{
	memlab_nl_unloading_event();
	platform_device_unregister(memlab_pdev);
	platform_driver_unregister(&memlab_driver);
	memlab_nl_exit();
	memlab_obj_cache_exit();
}

module_init(memlab_init);
module_exit(memlab_exit);

MODULE_AUTHOR("memlab developers");
MODULE_DESCRIPTION("Kernel memory lab: allocate from every kernel allocator on request");
MODULE_LICENSE("GPL");
