using System;
using System.Linq;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>One step of a generated run of one virtqueue, both ends, with a third party scribbling on the rings (<see cref="RingArena"/>).</summary>
    public abstract record RingStep;

    /// <summary>The driver end adds a chain of <paramref name="Readable"/> then <paramref name="Writable"/> buffers (indirect when asked).</summary>
    public sealed record RingAdd(int Readable, int Writable, bool Indirect) : RingStep;

    /// <summary>The device end pops what is available, fills the writable buffers and uses each chain.</summary>
    public sealed record RingServe : RingStep;

    /// <summary>The driver end reclaims what is used.</summary>
    public sealed record RingReclaim : RingStep;

    /// <summary>Random bytes into the ring memory: 0 descriptors, 1 driver area, 2 device area, 3 indirect tables.</summary>
    public sealed record RingScribble(int Area, int Offset, byte[] Bytes) : RingStep
    {
        /// <inheritdoc />
        public override string ToString() => $"RingScribble {{ Area = {Area}, Offset = {Offset}, Bytes = {Convert.ToHexString(Bytes)} }}";
    }

    /// <summary>A split ring only: <paramref name="Case"/> becomes the next available chain (the ring's own checks must name it exactly).</summary>
    public sealed record RingInject(MalformedCase Case) : RingStep;

    /// <summary>A generated run of one queue: size, features (INDIRECT_DESC, EVENT_IDX) and steps.</summary>
    public sealed record RingScenario(ushort Size, bool Indirect, bool EventIdx, RingStep[] Steps)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"size {Size}, indirect {Indirect}, event idx {EventIdx}, {Steps.Length} steps:\n  " + string.Join("\n  ", Steps.Select(static s => s.ToString()));
    }
}
