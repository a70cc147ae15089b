using System.Collections.Generic;
using FsFreeze.Vectors.EventIdx;
using FsFreeze.Vectors.Layout;
using FsFreeze.Vectors.Mmio;
using FsFreeze.Vectors.Rings;

namespace FsFreeze.Vectors
{
    /// <summary>Every vector file the generator writes. The freshness test walks this same list.</summary>
    internal static class VectorFiles
    {
        /// <summary>The repository-relative directory the files are checked in to.</summary>
        internal const string RelativeDirectory = "conformance/vectors";

        /// <summary>All files, in a fixed order.</summary>
        internal static IReadOnlyList<VectorFile> All { get; } = new[]
        {
            new VectorFile(SplitRingLayoutVectors.FileName, SplitRingLayoutVectors.Generate),
            new VectorFile(EventIdxVectors.FileName, EventIdxVectors.Generate),
            new VectorFile(MmioRegisterVectors.FileName, MmioRegisterVectors.Generate),
            new VectorFile(RingStateVectors.SplitFileName, RingStateVectors.GenerateSplit),
            new VectorFile(RingStateVectors.PackedFileName, RingStateVectors.GeneratePacked),
        };
    }
}
