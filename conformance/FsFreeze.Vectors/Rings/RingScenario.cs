using System.Collections.Generic;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>A named sequence of ring operations on one queue.</summary>
    /// <param name="Id">Stable id derived from what the scenario exercises, e.g. "size-4-event-idx-wrap-65534".</param>
    /// <param name="Description">What the scenario shows.</param>
    /// <param name="SpecRefs">Requirement IDs the scenario checks.</param>
    /// <param name="Config">Queue placement and negotiated features.</param>
    /// <param name="Steps">The operations, in order.</param>
    internal sealed record RingScenario(string Id, string Description, IReadOnlyList<string> SpecRefs, RingConfig Config, IReadOnlyList<RingStep> Steps);
}
