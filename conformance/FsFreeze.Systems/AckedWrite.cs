using System;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Systems
{
    /// <summary>A write(2) that returned success to its application: the application may rely on it from <paramref name="At"/> on.</summary>
    /// <param name="Filesystem">Index of the filesystem in the system.</param>
    /// <param name="Page">The page, relative to the filesystem's root.</param>
    /// <param name="Value">The value written (values only grow, so a later value on disk includes this one).</param>
    /// <param name="At">Virtual time the write returned.</param>
    public readonly record struct AckedWrite(int Filesystem, PageKey Page, long Value, TimeSpan At);
}
