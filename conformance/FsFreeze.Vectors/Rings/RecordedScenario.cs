using System.Collections.Generic;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>A scenario run once: the ring memory right after setup and every recorded step.</summary>
    internal sealed record RecordedScenario(RingScenario Scenario, RingAreas Initial, IReadOnlyList<RecordedStep> Steps);
}
