using System;

namespace FsFreeze.Vectors
{
    /// <summary>One generated file: its name under conformance/vectors/ and the pure function producing its text.</summary>
    /// <param name="FileName">File name, e.g. "event-idx.json".</param>
    /// <param name="Generate">Returns the complete file text; the same on every call and every machine.</param>
    internal sealed record VectorFile(string FileName, Func<string> Generate);
}
