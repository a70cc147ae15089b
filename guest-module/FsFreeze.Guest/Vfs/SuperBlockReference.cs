using FsFreeze.Guest.Filesystems;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// An active reference (<c>s_active</c>) taken during a superblock walk; keeps the superblock alive until
    /// <see cref="Release"/> (deactivate_super). The driver collects these, freezes after the walk, and releases
    /// them after the thaw (notes §1.7).
    /// </summary>
    public sealed class SuperBlockReference : ISuperBlockReference
    {
        private readonly VirtualFileSystem vfs;

        internal SuperBlockReference(VirtualFileSystem vfs, SuperBlock superBlock)
        {
            this.vfs = vfs;
            SuperBlock = superBlock;
        }

        /// <summary>The referenced superblock.</summary>
        public SuperBlock SuperBlock { get; }

        /// <inheritdoc />
        IGuestSuperBlock ISuperBlockReference.SuperBlock => SuperBlock;

        /// <summary>True once released.</summary>
        public bool IsReleased { get; private set; }

        /// <summary>Drops the reference; a second call does nothing.</summary>
        public void Release()
        {
            if (IsReleased)
            {
                return;
            }

            IsReleased = true;
            vfs.Deactivate(SuperBlock);
        }

        /// <inheritdoc />
        public override string ToString() => SuperBlock.ToString();
    }
}
