using System;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Random host behaviour for the driver properties: FREEZE with a random deadline, THAW, STATUS, time passing,
    /// and a device reset (DEVICE_NEEDS_RESET); it ends with a THAW or with the host vanishing until the deadline.
    /// </summary>
    public static class HostScript
    {
        /// <summary>Plays <paramref name="steps"/> random host actions against <paramref name="harness"/>.</summary>
        public static void Play(DriverHarness harness, Random random, int steps)
        {
            ArgumentNullException.ThrowIfNull(harness);
            ArgumentNullException.ThrowIfNull(random);
            for (int step = 0; step < steps; step++)
            {
                switch (random.Next(5))
                {
                    case 0:
                        harness.Freeze((uint)random.Next(1, 5000));
                        break;
                    case 1:
                        harness.Thaw();
                        break;
                    case 2:
                        harness.Status();
                        break;
                    case 3:
                        harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
                        break;
                    default:
                        // FF-DRV-28: the driver thaws everything, resets and binds again.
                        harness.Device.Break();
                        harness.Scheduler.RunUntilIdle();
                        break;
                }
            }
        }

        /// <summary>
        /// Ends the script so the driver holds nothing: a THAW, or the host vanishes and the guest runs until every
        /// timer (the deadline among them) has fired (FF-DRV-27).
        /// </summary>
        public static void Settle(DriverHarness harness, Random random)
        {
            ArgumentNullException.ThrowIfNull(harness);
            ArgumentNullException.ThrowIfNull(random);
            if (random.Next(2) == 0)
            {
                FsFreezeReply reply = harness.Thaw();
                if (reply.Status == ReplyStatus.Ok)
                {
                    return;
                }
            }

            harness.Device.Vanished = true;
            harness.Scheduler.Run();
        }
    }
}
