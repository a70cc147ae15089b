using System.Text.Json.Nodes;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>A step with what the implementation answered and the ring memory after it.</summary>
    internal sealed record RecordedStep(RingStep Step, JsonObject Expect, RingAreas Areas);
}
