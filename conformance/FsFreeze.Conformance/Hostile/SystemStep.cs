using System;
using System.Linq;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// One step of a generated run of the whole VM (<see cref="SystemArena"/>): host operations, guest faults, and
    /// hostile writes to the rings by a third party with access to guest memory. Steps are interleaved with
    /// <see cref="Advance"/> (virtual time); <c>ToString</c> is the replayable description a failure prints.
    /// </summary>
    public abstract record SystemStep;

    /// <summary>Lets <paramref name="Ms"/> milliseconds of virtual time pass.</summary>
    public sealed record Advance(int Ms) : SystemStep;

    /// <summary>The host asks for a FREEZE with <paramref name="DeadlineMs"/> (short ones expire mid-freeze, FF-DRV-14).</summary>
    public sealed record HostFreeze(uint DeadlineMs) : SystemStep;

    /// <summary>The host asks for a THAW.</summary>
    public sealed record HostThaw : SystemStep;

    /// <summary>The host asks for a STATUS.</summary>
    public sealed record HostStatus : SystemStep;

    /// <summary>Arms a failure of a superblock callback: freeze_fs, sync or unfreeze_fs, on filesystem <paramref name="Fs"/>.</summary>
    public sealed record ArmFault(FaultKind Kind, int Fs, Errno Error, int Times) : SystemStep;

    /// <summary>Spawns <paramref name="Writers"/> extra writers on filesystem <paramref name="Fs"/>, <paramref name="Writes"/> writes each.</summary>
    public sealed record WriterStorm(int Fs, int Writers, int Writes) : SystemStep;

    /// <summary>Unloads the driver (FF-DRV-28: thaw before reset); a later <see cref="ProbeDriver"/> loads it again.</summary>
    public sealed record RemoveDriver : SystemStep;

    /// <summary>Loads the driver when it is not bound (also the first load of a run that starts without it).</summary>
    public sealed record ProbeDriver : SystemStep;

    /// <summary>Writes <paramref name="Case"/> into replyq's available ring and notifies replyq.</summary>
    public sealed record InjectMalformed(MalformedCase Case) : SystemStep;

    /// <summary>
    /// Writes <paramref name="Bytes"/> into <paramref name="Area"/> (0 descriptor table, 1 available ring, 2 used ring) of
    /// queue <paramref name="Queue"/> at <paramref name="Offset"/>, then notifies the queue when <paramref name="Notify"/>.
    /// </summary>
    public sealed record ScribbleRing(int Queue, int Area, int Offset, byte[] Bytes, bool Notify) : SystemStep
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"ScribbleRing {{ Queue = {Queue}, Area = {Area}, Offset = {Offset}, Bytes = {Convert.ToHexString(Bytes)}, Notify = {Notify} }}";
    }

    /// <summary>Sets the available (<paramref name="Used"/> false) or used index of <paramref name="Queue"/> to <paramref name="Value"/>.</summary>
    public sealed record SetRingIndex(int Queue, bool Used, ushort Value, bool Notify) : SystemStep;

    /// <summary>
    /// The host sends <paramref name="Request"/> and then, as a hostile device would, rewrites what it put in guest
    /// memory before the driver reads it (see <see cref="Tamper"/>).
    /// </summary>
    public sealed record TamperedRequest(RequestType Request, Tamper Tamper, byte[] Bytes, uint Value) : SystemStep
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"TamperedRequest {{ Request = {Request}, Tamper = {Tamper}, Bytes = {Convert.ToHexString(Bytes)}, Value = {Value} }}";
    }

    /// <summary>Which superblock callback an <see cref="ArmFault"/> breaks.</summary>
    public enum FaultKind
    {
        /// <summary>->freeze_fs fails (FF-DRV-19: roll back).</summary>
        FreezeFs,

        /// <summary>sync_filesystem fails (the freeze fails before the fs is frozen).</summary>
        Sync,

        /// <summary>->unfreeze_fs fails (FF-DRV-25: kept held, retried).</summary>
        UnfreezeFs,
    }

    /// <summary>What a hostile device does to a request it just delivered.</summary>
    public enum Tamper
    {
        /// <summary>The request bytes are replaced by random bytes (used length: their count).</summary>
        RandomBytes,

        /// <summary>The request's type becomes <c>Value</c> (unknown types included).</summary>
        Type,

        /// <summary>The request's id becomes <c>Value</c>: an old id replayed, or 0.</summary>
        RequestId,

        /// <summary>The used element's id becomes <c>Value</c>: a buffer never posted, or out of range (FF-DRV-13).</summary>
        UsedId,

        /// <summary>The used element's length becomes <c>Value</c>, beyond the buffer (FF-DRV-13).</summary>
        UsedLength,

        /// <summary>The used element is published a second time: a completion replayed.</summary>
        ReplayCompletion,
    }

    /// <summary>A generated run: the seed of the VM's scheduler, whether the driver is loaded at start, and the steps.</summary>
    public sealed record SystemScenario(ulong Seed, bool DriverAtStart, SystemStep[] Steps)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"seed {Seed}, driver at start {DriverAtStart}, {Steps.Length} steps:\n  " + string.Join("\n  ", Steps.Select(static s => s.ToString()));
    }
}
