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
        [Requirement("FF-DRV-33")]
        [Requirement("FF-RING-16")]
        public void UsedIdNeverPosted_IsIgnored_FreezesNothing_AndTheDriverResetsAndServesAgain()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"], """
                while [ ! -f /check-write ]; do usleep 50000; done
                touch /mnt/ext4/after-forgery && echo "guest: write after forgery ok"
                """);

            // Linux's virtio core refuses a used id it never made available and marks the ring broken: the driver
            // never sees the element. Nothing may be frozen or answered because of it, the kernel neither oopses nor
            // hangs, and since a broken ring serves nothing more until a reset, the driver resets the device and sets
            // it up again (FF-DRV-32), as often as the device breaks it, with the buffers of its first probe (FF-DRV-33).
            const int Forgeries = 3;
            for (int i = 1; i <= Forgeries; i++)
            {
                uint forgedId = Forge(session, new JsonObject { ["op"] = "forge-used" });
                WaitForReinitialisations(session, i);
                Answer status = session.Host.Status();
                Assert.Multiple(() =>
                {
                    Assert.That(Replied(session, forgedId), Is.False, $"forgery {i}: no reply to a completion for a buffer never posted");
                    Assert.That(status.Reply.Status, Is.EqualTo(ReplyStatus.Ok), $"forgery {i}: the driver answers STATUS after its reset");
                    Assert.That(status.Reply.FrozenCount, Is.Zero, $"forgery {i}: nothing frozen because of it");
                });
            }

            Answer frozen = session.Host.Freeze(5_000);
            Answer thawed = session.Host.Thaw();
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: write after forgery ok", TimeSpan.FromSeconds(20));
            Assert.Multiple(() =>
            {
                Assert.That(frozen.Reply.Status, Is.EqualTo(ReplyStatus.Ok), "a freeze after the resets");
                Assert.That(frozen.Reply.FrozenCount, Is.GreaterThan(0u), "it froze the ext4 image");
                Assert.That(thawed.Reply.Status, Is.EqualTo(ReplyStatus.Ok), "and the thaw");
                Assert.That(DriverSession.KernelWarnings(session.Guest.Console), Does.Not.Contain("BUG:").And.Not.Contain("Call Trace"));
                Assert.That(session.Backend.Violations(), Is.Empty, "the reference device in checking mode saw the driver break these");
            });
        }

        private static void WaitForReinitialisations(DriverSession session, int count)
        {
            DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Occurrences(session.Guest.Console, "reinitialised after the reset") < count)
            {
                if (DateTime.UtcNow > until || session.Guest.HasExited)
                {
                    Assert.Fail($"the driver did not reset and set the device up again after forgery {count}:\n{session.Guest.Console}");
                }

                System.Threading.Thread.Sleep(100);
            }
        }

        private static int Occurrences(string text, string what)
        {
            int n = 0;
            for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            {
                n++;
            }

            return n;
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
