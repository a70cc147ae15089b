using System;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// Random messages (any request code, flags, payload size and bytes) never crash the session: each is answered,
    /// refused or ends the connection. Seeded, so a failing run replays.
    /// </summary>
    public sealed class RandomMessageTests
    {
        [TestCase(1)]
        [TestCase(2)]
        [TestCase(3)]
        public void RandomMessages_NeverCrashTheSession(int seed)
        {
            var random = new Random(seed);
            for (int round = 0; round < 20; round++)
            {
                using var backend = new InProcessBackend();
                if (random.Next(2) == 0)
                {
                    // Any offered subset: with STATUS and RESET_DEVICE their messages are live too.
                    ulong offered = Backend.VhostUserDeviceSession.OfferedProtocolFeatures & ~VhostUserFeatures.Mask(VhostUserProtocolFeature.BackendReq);
                    backend.Frontend.SetProtocolFeatures(offered & (ulong)random.NextInt64());
                }

                for (int i = 0; i < 30 && !backend.Closed; i++)
                {
                    uint request = (uint)random.Next(0, 45);
                    uint flags = random.Next(4) == 0 ? (uint)random.Next(16) : VhostUserHeader.Version | VhostUserHeader.NeedReplyFlag;
                    byte[] payload = new byte[random.Next(4) switch { 0 => 0, 1 => 8, 2 => 40, _ => random.Next(0, 300) }];
                    random.NextBytes(payload);
                    try
                    {
                        backend.Channel.Send(new VhostUserHeader(request, flags, (uint)payload.Length), payload);
                        if (backend.Channel.Poll(TimeSpan.FromMilliseconds(20)))
                        {
                            using VhostUserMessage? _ = backend.Channel.Receive(TimeSpan.FromSeconds(1));
                        }
                    }
                    catch (VhostUserException)
                    {
                        break;
                    }
                }

                Assert.That(backend.Crash, Is.Null, $"seed {seed}, round {round}");
            }
        }
    }
}
