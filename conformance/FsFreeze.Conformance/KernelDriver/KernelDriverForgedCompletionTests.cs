using System;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.KernelDriver;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Uml;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.KernelDriver
{
    /// <summary>
    /// Completions a correct device never makes, on a driver in a real kernel (FF-DRV-13): the reference back-end's
    /// <c>forge-used</c> op puts on requestq's used ring a posted buffer with a used length beyond it, and an element
    /// naming a buffer the driver never posted. The driver must ignore both, freeze nothing and go on serving.
    /// </summary>
    [Category("Uml")]
    [NonParallelizable]
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.KernelDrivers))]
    public sealed class KernelDriverForgedCompletionTests
    {
        private readonly IKernelDriverImplementation driver;

        /// <summary>The forgeries against <paramref name="driver"/>.</summary>
        public KernelDriverForgedCompletionTests(IKernelDriverImplementation driver) => this.driver = driver;

        [Test]
        [Requirement("FF-DRV-13")]
        public void UsedLengthBeyondTheBuffer_IsIgnored_AndTheDriverStillServes()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"]);
            uint forgedId = Forge(session, new JsonObject { ["op"] = "forge-used", ["used_length"] = 1_000_000 });
            Answer status = session.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(Replied(session, forgedId), Is.False, "no reply to the request in a buffer whose used length is beyond it");
                Assert.That(status.Reply.Status, Is.EqualTo(ReplyStatus.Ok), "the driver still answers STATUS");
                Assert.That(status.Reply.FrozenCount, Is.Zero, "nothing frozen because of a forged completion");
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-13")]
        [Requirement("FF-DRV-32")]
        [Requirement("FF-RING-16")]
        public void UsedIdNeverPosted_IsIgnored_AndFreezesNothing()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"], """
                while [ ! -f /check-write ]; do usleep 50000; done
                touch /mnt/ext4/after-forgery && echo "guest: write after forgery ok"
                """);

            // Linux's virtio core refuses a used id it never made available and marks the ring broken: the driver
            // never sees the element, and may serve nothing more on requestq until the device is reset. What is
            // required is that nothing is frozen or answered because of it, and that the kernel neither oopses nor hangs.
            uint forgedId = Forge(session, new JsonObject { ["op"] = "forge-used" });
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: write after forgery ok", TimeSpan.FromSeconds(20));
            Assert.Multiple(() =>
            {
                Assert.That(Replied(session, forgedId), Is.False, "no reply to a completion for a buffer never posted");
                Assert.That(DriverSession.KernelWarnings(session.Guest.Console), Does.Not.Contain("BUG:").And.Not.Contain("Call Trace"));
                Assert.That(session.Backend.Violations(), Is.Empty, "the reference device in checking mode saw the driver break these");
            });
        }

        private static uint Forge(DriverSession session, JsonObject forgery)
        {
            JsonObject forged = session.Backend.Call(forgery);
            Assert.That(forged["ok"]?.GetValue<bool>(), Is.True, forged.ToJsonString());
            Assert.That(forged["outcome"]?.GetValue<string>(), Is.EqualTo("Sent"), forged.ToJsonString());

            // A reply would follow the interrupt within milliseconds; a second is plenty under load.
            System.Threading.Thread.Sleep(1_000);
            return forged["request_id"]!.GetValue<uint>();
        }

        private static bool Replied(DriverSession session, uint requestId)
        {
            session.Backend.Call(new JsonObject { ["op"] = "wait", ["timeout_ms"] = 100 });
            return session.Backend.Events.Any(e => e["type"]?.GetValue<string>() == "completed" && e["request_id"]?.GetValue<uint>() == requestId);
        }
    }
}
