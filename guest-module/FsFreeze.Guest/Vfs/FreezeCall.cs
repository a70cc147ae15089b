namespace FsFreeze.Guest.Vfs
{
    /// <summary>One call of <see cref="VirtualFileSystem.FreezeSuper"/> or <see cref="VirtualFileSystem.ThawSuper"/>, as observed when it starts.</summary>
    /// <param name="IsFreeze">True for freeze_super, false for thaw_super.</param>
    /// <param name="SuperBlock">The superblock the call is for.</param>
    /// <param name="Holder">Who freezes or thaws.</param>
    public readonly record struct FreezeCall(bool IsFreeze, SuperBlock SuperBlock, FreezeHolder Holder);
}
