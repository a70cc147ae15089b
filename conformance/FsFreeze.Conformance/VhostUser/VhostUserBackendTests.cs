using System;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.VhostUser;
using FsFreeze.Conformance.Framework;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Conformance.VhostUser
{
    /// <summary>
    /// The device over vhost-user (spec "The device over vhost-user", FF-VU-*), checked on the wire against a
    /// back-end in another process. Only a vhost-user IUT offers a back-end; for any other these read NOT TESTED.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.VhostUserBackends))]
    public sealed class VhostUserBackendTests
    {
        private readonly IVhostUserBackend _backend;

        public VhostUserBackendTests(IVhostUserBackend backend) => _backend = backend;

        [Test]
        [Requirement("FF-VU-1")]
        public void Offers_ProtocolFeatures_ReplyAck_Config_TwoQueues_AndTheConfiguration()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend);
            ulong features = fe.Frontend.GetFeatures();
            ulong protocol = fe.Frontend.GetProtocolFeatures();
            ulong wanted = VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck) | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config);
            Assert.Multiple(() =>
            {
                Assert.That(features & VhostUserFeatures.ProtocolFeatures, Is.Not.Zero, "bit 30");
                Assert.That(VirtioFeatureBit.IsSet(features, VirtioFeatureBit.Version1), Is.True);
                Assert.That(protocol & wanted, Is.EqualTo(wanted));
            });

            ulong mq = protocol & VhostUserFeatures.Mask(VhostUserProtocolFeature.Mq);
            Assert.That(fe.Frontend.SetProtocolFeatures(wanted | mq), Is.Zero);
            if (mq != 0)
            {
                Assert.That(fe.Frontend.GetQueueNum(), Is.EqualTo(2UL));
            }

            byte[]? config = fe.Frontend.GetConfig(0, FsFreezeConfig.Size);
            byte[]? middle = fe.Frontend.GetConfig(4, 4);
            Assert.That(config, Is.Not.Null);
            Assert.That(FsFreezeConfig.TryDecode(config, out FsFreezeConfig decoded), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(decoded.Validate(), Is.EqualTo(ConfigProblem.None));
                Assert.That(middle, Is.EqualTo(config!.Skip(4).Take(4).ToArray()));
            });
        }

        [Test]
        [Requirement("FF-VU-1")]
        public void Accepts_256EntryRings_AsVirtioUmlAsks()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend).Start();
            Assert.That(UmlStyleFrontend.QueueSize, Is.EqualTo(256));
            Assert.That(fe.State()["device_status"]!.GetValue<uint>() & (uint)DeviceStatus.DeviceNeedsReset, Is.Zero, "no ring refused");
            Assert.That(fe.State()["driver_ready"]!.GetValue<bool>(), Is.True);
        }

        [Test]
        [Requirement("FF-VU-2")]
        public void WithoutStatus_RingsRunningMeanDriverOk_AndRingsStoppedMeanReset()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend).Start();
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            Assert.That(fe.State()["driver_ready"]!.GetValue<bool>(), Is.True, "every ring running: DRIVER_OK");
            JsonObject status = fe.Host("status");
            Assert.That(status["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
            uint id = status["request_id"]!.GetValue<uint>();

            // virtio_uml removing the device: disable every ring, then a round trip.
            fe.Frontend.SetVringEnable(1, false);
            fe.Frontend.SetVringEnable(0, false);
            fe.Frontend.GetFeatures();
            JsonObject state = fe.State();
            Assert.Multiple(() =>
            {
                Assert.That(state["driver_ready"]!.GetValue<bool>(), Is.False);
                Assert.That(fe.Events.Any(e => e["type"]!.GetValue<string>() == "driver-gone" && e["status_request_id"]!.GetValue<uint>() == id), Is.True, "the awaited STATUS ends as NO_DRIVER");
            });
        }

        [Test]
        [Requirement("FF-VU-2")]
        public void AfterAResetByRingStop_TheFrontendsReinitialisations_AreServedAgain()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend).Start();
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            Assert.That(fe.Host("status")["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"), "before the reset");

            // A driver's reset work under virtio_uml (a driver recovering from a broken ring), twice: the first stops
            // the rings with SET_VRING_ENABLE 0, the second cannot (virtio_uml dropped bit 30 in the first
            // re-initialisation's SET_FEATURES) and just sets the device up again.
            for (int round = 1; round <= 3; round++)
            {
                fe.Restart();
                JsonObject state = fe.State();
                Assert.Multiple(() =>
                {
                    Assert.That(state["driver_ready"]!.GetValue<bool>(), Is.True, $"round {round}: every ring running again: DRIVER_OK");
                    Assert.That(state["device_status"]!.GetValue<uint>() & (uint)DeviceStatus.DeviceNeedsReset, Is.Zero, $"round {round}: no ring refused");
                });

                fe.Post(Wire.RequestQueueIndex, null, 4096);
                JsonObject after = fe.Host("status");
                Assert.That(after["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"), $"round {round}: a request reaches the re-initialised driver");
                Assert.That(fe.Queues[Wire.RequestQueueIndex].TryReclaim(out UsedBuffer used, out QueueError error) || WaitReclaim(fe, out used, out error), Is.True, error.ToString());
                Assert.That(used.Length, Is.GreaterThan(0u), $"round {round}: the request written into the new ring's buffer");
            }
        }

        private static bool WaitReclaim(UmlStyleFrontend fe, out UsedBuffer used, out QueueError error)
        {
            fe.Calls[Wire.RequestQueueIndex].Wait(UmlStyleFrontend.Timeout);
            return fe.Queues[Wire.RequestQueueIndex].TryReclaim(out used, out error);
        }

        [Test]
        [Requirement("FF-VU-3")]
        public void MessagesItCannotActOn_FailingAck_OrZeroSizeConfig_ConnectionStays()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend);
            fe.Frontend.SetOwner();
            fe.Frontend.SetProtocolFeatures(VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck) | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config));
            using FileDescriptor small = MemFd.Create("small", 4096);
            Assert.Multiple(() =>
            {
                Assert.That(fe.Frontend.Send((VhostUserRequest)99, new byte[5]), Is.Not.Zero, "unknown request");
                Assert.That(fe.Frontend.Send(VhostUserRequest.SetFeatures, new byte[3]), Is.Not.Zero, "payload of the wrong size");
                Assert.That(fe.Frontend.Send(VhostUserRequest.SetMemTable, MemoryTable.Encode([new MemoryRegionDescription(0, 4096, 0, 0)])), Is.Not.Zero, "no descriptor");
                Assert.That(fe.Frontend.SetMemTable([new MemoryRegionDescription(0, 1 << 20, 0, 0)], [small.Fd]), Is.Not.Zero, "region beyond its file");
                Assert.That(fe.Frontend.SetVringNum(9, 16), Is.Not.Zero, "no ring 9");
                Assert.That(fe.Frontend.GetConfig(8, 8), Is.Null, "outside the 12-byte configuration");
                Assert.That(fe.Frontend.GetQueueNum(), Is.EqualTo(2UL), "still answering");
            });
        }

        [TestCase("version", TestName = "UnanswerableMessage_WrongVersion_EndsTheConnection_NotTheBackend")]
        [TestCase("oversized", TestName = "UnanswerableMessage_Oversized_EndsTheConnection_NotTheBackend")]
        [TestCase("reply", TestName = "UnanswerableMessage_ReplyFlag_EndsTheConnection_NotTheBackend")]
        [Requirement("FF-VU-3")]
        public void UnanswerableMessage_EndsTheConnection_NotTheBackend(string kind)
        {
            (string socket, _) = _backend.Endpoints();
            using (UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend))
            using (VhostUserChannel raw = VhostUserChannel.Connect(socket))
            {
                VhostUserHeader header = kind switch
                {
                    "version" => new VhostUserHeader((uint)VhostUserRequest.GetFeatures, 2, 0),
                    "oversized" => new VhostUserHeader((uint)VhostUserRequest.SetMemTable, 1, 1 << 24),
                    _ => new VhostUserHeader((uint)VhostUserRequest.GetFeatures, VhostUserHeader.Version | VhostUserHeader.ReplyFlag, 0),
                };
                raw.Send(header, ReadOnlySpan<byte>.Empty);
                bool answered;
                try
                {
                    using VhostUserMessage? answer = raw.Receive(UmlStyleFrontend.Timeout);
                    answered = answer is not null;
                }
                catch (VhostUserException)
                {
                    answered = false;
                }

                Assert.That(answered, Is.False, "closed, not answered");
            }

            using UmlStyleFrontend again = UmlStyleFrontend.Open(_backend);
            Assert.That(again.Frontend.GetFeatures() & VhostUserFeatures.ProtocolFeatures, Is.Not.Zero, "the back-end serves the next front-end");
        }

        [Test]
        [Requirement("FF-VU-4")]
        public void UsedBuffersCallTheirRing_DeviceNeedsResetSendsConfigChange()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend).Start(backendChannel: true);
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            Assert.That(fe.Host("status")["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
            Assert.That(fe.Calls[Wire.RequestQueueIndex].Wait(UmlStyleFrontend.Timeout), Is.True, "requestq's call");

            // A device-writable buffer on replyq breaks FF-DEV-9: DEVICE_NEEDS_RESET, told by CONFIG_CHANGE_MSG.
            fe.Post(Wire.ReplyQueueIndex, null, 64);
            fe.Frontend.GetFeatures();
            Assert.That(fe.ReceivedBackendRequest(VhostUserBackendRequest.ConfigChangeMsg), Is.True);
        }

        [Test]
        [Requirement("FF-VU-5")]
        public void KickBeforeAMessage_IsHandledBeforeItsReply()
        {
            using UmlStyleFrontend fe = UmlStyleFrontend.Open(_backend).Start(backendChannel: false);
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            fe.Post(Wire.RequestQueueIndex, null, 4096);
            uint id = fe.Host("status")["request_id"]!.GetValue<uint>();
            Assert.That(id, Is.Not.Zero);
            byte[] reply = new FsFreezeReply { Type = ReplyType.Status, RequestId = id, State = GuestFreezeState.Thawed }.ToArray();

            fe.Post(Wire.ReplyQueueIndex, reply, 0);
            fe.Frontend.GetFeatures();

            // No waiting: the reply's chain is used by the time GET_FEATURES is answered.
            Assert.That(fe.Queues[Wire.ReplyQueueIndex].TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
            Assert.That(used.Length, Is.Zero, "FF-DEV-10");
        }
    }
}
