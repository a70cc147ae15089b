using System;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>One page of one file inside a filesystem: the path from the filesystem's root and the page index.</summary>
    /// <param name="File">The file's path relative to its filesystem's root, for example "/db/log".</param>
    /// <param name="Index">The page index within the file.</param>
    public readonly record struct PageKey(string File, long Index) : IComparable<PageKey>
    {
        /// <inheritdoc />
        public int CompareTo(PageKey other)
        {
            int byFile = string.CompareOrdinal(File, other.File);
            return byFile != 0 ? byFile : Index.CompareTo(other.Index);
        }

        /// <summary>Ordering operator.</summary>
        public static bool operator <(PageKey left, PageKey right) => left.CompareTo(right) < 0;

        /// <summary>Ordering operator.</summary>
        public static bool operator >(PageKey left, PageKey right) => left.CompareTo(right) > 0;

        /// <summary>Ordering operator.</summary>
        public static bool operator <=(PageKey left, PageKey right) => left.CompareTo(right) <= 0;

        /// <summary>Ordering operator.</summary>
        public static bool operator >=(PageKey left, PageKey right) => left.CompareTo(right) >= 0;

        /// <inheritdoc />
        public override string ToString() => $"{File}#{Index}";
    }
}
