using System.Collections.Generic;

namespace FsFreeze.Vectors.Json
{
    /// <summary>The fields every vector file starts with.</summary>
    /// <param name="Schema">Schema name and major version, e.g. "fsfreeze.vectors.split-ring-layout/1"; bump the version on any format change.</param>
    /// <param name="Description">What the vectors check, for a reader of the file.</param>
    /// <param name="SpecRefs">Requirement IDs of spec/virtio-fsfreeze.md the vectors check.</param>
    internal sealed record VectorHeader(string Schema, string Description, IReadOnlyList<string> SpecRefs);
}
