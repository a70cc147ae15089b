using System;

namespace FsFreeze.Vectors.Json
{
    /// <summary>Lowercase hex, the one byte encoding every vector file uses (no separators, no prefix).</summary>
    internal static class Hex
    {
        /// <summary>Encodes <paramref name="bytes"/> as lowercase hex.</summary>
        internal static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
    }
}
