using System;
using System.Linq;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// One step of a generated run of a hostile device against the driver under test (<see cref="DriverArena"/>):
    /// requests valid and not, replayed, configuration changes and DEVICE_NEEDS_RESET in the middle of a freeze, a
    /// device that vanishes, guest writers, and virtual time.
    /// </summary>
    public abstract record DeviceStep;

    /// <summary>Lets <paramref name="Ms"/> milliseconds of the guest's virtual time pass.</summary>
    public sealed record DeviceAdvance(int Ms) : DeviceStep;

    /// <summary>A valid FREEZE (0, with <paramref name="DeadlineMs"/>), THAW (1) or STATUS (2) with a fresh id.</summary>
    public sealed record DeviceRequest(int Kind, uint DeadlineMs) : DeviceStep;

    /// <summary>A request of random bytes (sometimes a forged FREEZE), used with their length.</summary>
    public sealed record DeviceBytes(byte[] Bytes) : DeviceStep
    {
        /// <inheritdoc />
        public override string ToString() => $"DeviceBytes {{ Bytes = {Convert.ToHexString(Bytes)} }}";
    }

    /// <summary>An earlier request sent again, old id and all (<paramref name="Pick"/> chooses which).</summary>
    public sealed record DeviceReplay(int Pick) : DeviceStep;

    /// <summary>The configuration changes (valid or not) with a configuration-change interrupt.</summary>
    public sealed record DeviceConfigChange(uint RequestSize, uint MaxEntries, uint MaxDeadlineMs) : DeviceStep;

    /// <summary>The device sets DEVICE_NEEDS_RESET (FF-INIT-7): the driver must thaw and reset (FF-DRV-28).</summary>
    public sealed record DeviceBreak : DeviceStep;

    /// <summary>The device stops (or resumes) taking buffers and reading replies.</summary>
    public sealed record DeviceVanish(bool Vanished) : DeviceStep;

    /// <summary>Guest writers on mount <paramref name="Mount"/>.</summary>
    public sealed record DeviceWriters(int Mount, int Writers) : DeviceStep;

    /// <summary>A generated hostile-device run: the driver's offered features and the steps.</summary>
    public sealed record DeviceScenario(ulong Seed, ulong Offered, DeviceStep[] Steps)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"seed {Seed}, offered 0x{Offered:x}, {Steps.Length} steps:\n  " + string.Join("\n  ", Steps.Select(static s => s.ToString()));
    }
}
