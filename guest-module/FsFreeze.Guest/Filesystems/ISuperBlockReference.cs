namespace FsFreeze.Guest.Filesystems
{
    /// <summary>
    /// A reference the superblock walk took (the kernel's <c>s_active</c>): it keeps the superblock alive from the
    /// walk until the driver thawed it, and is released exactly once (notes §1.7: deactivate_super after thaw).
    /// </summary>
    public interface ISuperBlockReference
    {
        /// <summary>The referenced superblock.</summary>
        IGuestSuperBlock SuperBlock { get; }

        /// <summary>True once released.</summary>
        bool IsReleased { get; }

        /// <summary>Drops the reference; a second call does nothing.</summary>
        void Release();
    }
}
