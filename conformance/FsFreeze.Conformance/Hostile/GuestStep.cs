using System;
using System.Linq;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// One step of a generated run of a hostile driver against a device and its host (<see cref="DeviceArena"/>): the
    /// host's requests, the guest's answers in every shape a malicious guest can give, and virtual time.
    /// </summary>
    public abstract record GuestStep;

    /// <summary>Lets <paramref name="Ms"/> milliseconds of the host's virtual time pass (its timeouts fire).</summary>
    public sealed record GuestAdvance(int Ms) : GuestStep;

    /// <summary>The host sends FREEZE (0), THAW (1) or STATUS (2); FREEZE with <paramref name="DeadlineMs"/>.</summary>
    public sealed record GuestHostRequest(int Kind, uint DeadlineMs) : GuestStep;

    /// <summary>The guest takes every request the device wrote and answers each in <paramref name="Form"/>.</summary>
    public sealed record GuestAnswer(ReplyForm Form, byte[] Bytes, uint Value) : GuestStep
    {
        /// <inheritdoc />
        public override string ToString() => $"GuestAnswer {{ Form = {Form}, Bytes = {Convert.ToHexString(Bytes)}, Value = {Value} }}";
    }

    /// <summary>The guest sends a message nobody asked for (a reply before its request, an old id, bytes, an EVENT).</summary>
    public sealed record GuestUnasked(ReplyForm Form, byte[] Bytes, uint Value) : GuestStep
    {
        /// <inheritdoc />
        public override string ToString() => $"GuestUnasked {{ Form = {Form}, Bytes = {Convert.ToHexString(Bytes)}, Value = {Value} }}";
    }

    /// <summary>The guest floods replyq with <paramref name="Count"/> messages of <paramref name="Form"/>.</summary>
    public sealed record GuestFlood(ReplyForm Form, int Count, uint Value) : GuestStep;

    /// <summary>A reply spread over several device-readable buffers of the given lengths (well-formed).</summary>
    public sealed record GuestSplitReply(uint[] Lengths) : GuestStep
    {
        /// <inheritdoc />
        public override string ToString() => $"GuestSplitReply {{ Lengths = [{string.Join(", ", Lengths)}] }}";
    }

    /// <summary>A replyq chain with a device-writable buffer (FF-DEV-9): the device must set DEVICE_NEEDS_RESET.</summary>
    public sealed record GuestWritableReply : GuestStep;

    /// <summary>The guest resets the device and initializes it again.</summary>
    public sealed record GuestReset : GuestStep;

    /// <summary>How a hostile guest shapes a reply.</summary>
    public enum ReplyForm
    {
        /// <summary>A reply a cooperating driver would send.</summary>
        Cooperating,

        /// <summary>No reply at all.</summary>
        Silent,

        /// <summary>The right id with another type.</summary>
        WrongType,

        /// <summary>The right id and type with a status and state from <c>Value</c> (FF-DEV-12 when unknown).</summary>
        RandomStatus,

        /// <summary>A valid reply cut short to <c>Value</c> mod 48 bytes.</summary>
        Truncated,

        /// <summary>The same valid reply twice (the second awaits nothing).</summary>
        Twice,

        /// <summary>Random bytes.</summary>
        RandomBytes,

        /// <summary>Random bytes with the right header id and type.</summary>
        RandomBody,

        /// <summary>A valid-looking reply to an id the device has not sent yet.</summary>
        FutureId,

        /// <summary>A valid-looking reply to an id that no longer awaits a reply.</summary>
        OldId,

        /// <summary>An EVENT with code <c>Value</c>.</summary>
        Event,
    }

    /// <summary>A generated hostile-driver run.</summary>
    public sealed record GuestScenario(ulong Features, GuestStep[] Steps)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"features 0x{Features:x}, {Steps.Length} steps:\n  " + string.Join("\n  ", Steps.Select(static s => s.ToString()));
    }
}
