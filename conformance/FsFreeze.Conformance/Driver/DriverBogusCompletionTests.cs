using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// FF-DRV-13 with FF-DRV-2: a device that keeps consuming request buffers with completions the driver must
    /// refuse (forged ids, oversized lengths) never leaves the driver without a posted request buffer.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Drivers))]
    public sealed class DriverBogusCompletionTests
    {
        private readonly IDriverImplementation implementation;

        /// <summary>Runs the tests against <paramref name="implementation"/>.</summary>
        public DriverBogusCompletionTests(IDriverImplementation implementation) => this.implementation = implementation;

        [Test]
        [Requirement("FF-DRV-13")]
        [Requirement("FF-DRV-2")]
        public void ManyBogusCompletions_ThenAValidRequest_IsStillAnswered()
        {
            var harness = new DriverHarness(implementation, config: new FsFreezeConfig(8192, 64, 600_000)).Bound();
            harness.Mount(FilesystemTypes.Ext4, "/");
            ushort size = harness.Registers.QueueSize[0];
            byte[] freeze = FsFreezeRequest.Freeze(9, 30_000).ToArray();
            for (int i = 0; i < 100; i++)
            {
                Assert.That(harness.Device.AvailableRequestBuffers, Is.GreaterThan(0), $"no request buffer posted after {i} bogus completions");

                // Ids never posted (out of range, or the last descriptor) and a length beyond the buffer, in turn.
                bool sent = (i % 3) switch
                {
                    0 => harness.Device.SendBogusCompletion(freeze, harness.Registers.UsedRing[0], size, forcedId: (uint)(1000 + i), forcedLength: null),
                    1 => harness.Device.SendBogusCompletion(freeze, harness.Registers.UsedRing[0], size, forcedId: (uint)(size - 1), forcedLength: null),
                    _ => harness.Device.SendBogusCompletion(freeze, harness.Registers.UsedRing[0], size, forcedId: null, forcedLength: 1_000_000),
                };
                Assert.That(sent, Is.True);
                harness.Scheduler.RunUntilIdle();
                Assert.That(harness.KernelFrozen(), Is.Empty, "nothing is frozen because of a refused completion");
            }

            FsFreezeReply status = harness.Status();
            Assert.That(status.Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(status.State, Is.EqualTo(GuestFreezeState.Thawed));
            Assert.That(harness.Freeze().Status, Is.EqualTo(ReplyStatus.Ok), "a valid FREEZE after them still works");
        }
    }
}
