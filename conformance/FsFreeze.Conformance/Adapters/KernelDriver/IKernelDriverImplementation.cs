namespace FsFreeze.Conformance.Adapters.KernelDriver
{
    /// <summary>
    /// A virtio-fsfreeze driver that runs in a real Linux kernel: a loadable module (.ko) built against the
    /// User-Mode Linux kernel tree of <c>make uml</c>. The suite boots that kernel with the module, ubd disks holding
    /// ext4, xfs and btrfs, and the reference device served over vhost-user in checking mode, and plays the host
    /// (FF-DRV-* through the device's control socket). Unlike <see cref="IDriverImplementation"/> nothing runs in the
    /// suite's process: the driver is seen only through the requestq/replyq traffic, the guest's console and the
    /// disk images.
    /// </summary>
    public interface IKernelDriverImplementation
    {
        /// <summary>Name shown in test names.</summary>
        string Name { get; }

        /// <summary>The module file the guest's init loads with insmod.</summary>
        string ModulePath { get; }

        /// <summary>The name rmmod takes: the file name without .ko, dashes as underscores (as kbuild names modules).</summary>
        string ModuleName { get; }
    }
}
