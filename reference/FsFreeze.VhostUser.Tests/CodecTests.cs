using System;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>The wire numbers and layouts, checked against vhost-user.rst, not against our own encoder.</summary>
    public sealed class CodecTests
    {
        [TestCase(VhostUserRequest.GetFeatures, 1u)]
        [TestCase(VhostUserRequest.SetFeatures, 2u)]
        [TestCase(VhostUserRequest.SetOwner, 3u)]
        [TestCase(VhostUserRequest.ResetOwner, 4u)]
        [TestCase(VhostUserRequest.SetMemTable, 5u)]
        [TestCase(VhostUserRequest.SetVringNum, 8u)]
        [TestCase(VhostUserRequest.SetVringAddr, 9u)]
        [TestCase(VhostUserRequest.SetVringBase, 10u)]
        [TestCase(VhostUserRequest.GetVringBase, 11u)]
        [TestCase(VhostUserRequest.SetVringKick, 12u)]
        [TestCase(VhostUserRequest.SetVringCall, 13u)]
        [TestCase(VhostUserRequest.SetVringErr, 14u)]
        [TestCase(VhostUserRequest.GetProtocolFeatures, 15u)]
        [TestCase(VhostUserRequest.SetProtocolFeatures, 16u)]
        [TestCase(VhostUserRequest.GetQueueNum, 17u)]
        [TestCase(VhostUserRequest.SetVringEnable, 18u)]
        [TestCase(VhostUserRequest.SetBackendReqFd, 21u)]
        [TestCase(VhostUserRequest.GetConfig, 24u)]
        [TestCase(VhostUserRequest.SetConfig, 25u)]
        [TestCase(VhostUserRequest.ResetDevice, 34u)]
        [TestCase(VhostUserRequest.VringKick, 35u)]
        [TestCase(VhostUserRequest.GetMaxMemSlots, 36u)]
        [TestCase(VhostUserRequest.SetStatus, 39u)]
        [TestCase(VhostUserRequest.GetStatus, 40u)]
        public void FrontendRequestCodes(VhostUserRequest request, uint wire) => Assert.That((uint)request, Is.EqualTo(wire));

        [Test]
        public void BackendRequestCodes()
        {
            Assert.Multiple(() =>
            {
                Assert.That((uint)VhostUserBackendRequest.IotlbMsg, Is.EqualTo(1u));
                Assert.That((uint)VhostUserBackendRequest.ConfigChangeMsg, Is.EqualTo(2u));
                Assert.That((uint)VhostUserBackendRequest.VringHostNotifierMsg, Is.EqualTo(3u));
                Assert.That((uint)VhostUserBackendRequest.VringCall, Is.EqualTo(4u));
                Assert.That((uint)VhostUserBackendRequest.VringErr, Is.EqualTo(5u));
            });
        }

        [TestCase(VhostUserProtocolFeature.Mq, 0)]
        [TestCase(VhostUserProtocolFeature.LogShmfd, 1)]
        [TestCase(VhostUserProtocolFeature.ReplyAck, 3)]
        [TestCase(VhostUserProtocolFeature.BackendReq, 5)]
        [TestCase(VhostUserProtocolFeature.Config, 9)]
        [TestCase(VhostUserProtocolFeature.InflightShmfd, 12)]
        [TestCase(VhostUserProtocolFeature.ResetDevice, 13)]
        [TestCase(VhostUserProtocolFeature.InbandNotifications, 14)]
        [TestCase(VhostUserProtocolFeature.ConfigureMemSlots, 15)]
        [TestCase(VhostUserProtocolFeature.Status, 16)]
        [TestCase(VhostUserProtocolFeature.SharedObject, 18)]
        [TestCase(VhostUserProtocolFeature.DeviceState, 19)]
        public void ProtocolFeatureBits(VhostUserProtocolFeature feature, int bit) =>
            Assert.That(VhostUserFeatures.Mask(feature), Is.EqualTo(1UL << bit));

        [Test]
        public void ProtocolFeaturesIsBit30_AndFlagBits()
        {
            Assert.Multiple(() =>
            {
                Assert.That(VhostUserFeatures.ProtocolFeatures, Is.EqualTo(0x4000_0000UL));
                Assert.That(VhostUserHeader.Version, Is.EqualTo(0x1u));
                Assert.That(VhostUserHeader.ReplyFlag, Is.EqualTo(0x4u));
                Assert.That(VhostUserHeader.NeedReplyFlag, Is.EqualTo(0x8u));
            });
        }

        [Test]
        public void Header_Is12BytesLittleEndian()
        {
            byte[] bytes = new byte[VhostUserHeader.Size];
            VhostUserHeader.ForRequest((uint)VhostUserRequest.SetVringAddr, VringAddress.Size, needReply: true).Encode(bytes);
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo("09000000" + "09000000" + "28000000"));
            Assert.That(VhostUserHeader.TryDecode(bytes, out VhostUserHeader header), Is.True);
            Assert.That((header.Request, header.NeedsReply, header.IsReply, header.PayloadSize), Is.EqualTo((9u, true, false, 40u)));
            Assert.That(VhostUserHeader.TryDecode(bytes.AsSpan(0, 11), out _), Is.False, "11 bytes are not a header");
        }

        [Test]
        public void Reply_SetsReplyClearsNeedReply()
        {
            VhostUserHeader reply = VhostUserHeader.ReplyTo(VhostUserHeader.ForRequest(2, 8, needReply: true), 8);
            Assert.That(reply.Flags, Is.EqualTo(0x5u), "version 1 | REPLY, as virtio_uml checks exactly");
        }

        [Test]
        public void VringAddress_UsedBeforeAvail_40Bytes()
        {
            byte[] bytes = new VringAddress(1, 0, 0x1000, 0x3000, 0x2000, ulong.MaxValue).ToArray();
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
                "01000000" + "00000000" + "0010000000000000" + "0030000000000000" + "0020000000000000" + "FFFFFFFFFFFFFFFF"));
            Assert.That(VringAddress.TryDecode(bytes, out VringAddress back), Is.True);
            Assert.That((back.Used, back.Available), Is.EqualTo((0x3000UL, 0x2000UL)));
            Assert.That(VringAddress.TryDecode(bytes.AsSpan(0, 39), out _), Is.False);
        }

        [Test]
        public void VringState_And_VringFile()
        {
            Assert.That(Convert.ToHexString(new VringState(1, 256).ToArray()), Is.EqualTo("0100000000010000"));
            Assert.That(Convert.ToHexString(new VringFile(1, NoFd: true).ToArray()), Is.EqualTo("0101000000000000"), "bit 8: no fd");
            Assert.That(VringFile.TryDecode(Convert.FromHexString("0102000000000000"), out _), Is.False, "bits above 8 must be zero");
            Assert.That(VringState.TryDecode(new byte[9], out _), Is.False);
        }

        [Test]
        public void MemoryTable_HeaderThenRegionsOf32Bytes()
        {
            byte[] bytes = MemoryTable.Encode([new MemoryRegionDescription(0x1000, 0x2000, 0x7f00_0000_1000, 0x10)]);
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
                "01000000" + "00000000" + "0010000000000000" + "0020000000000000" + "0010000000" + "7F0000" + "1000000000000000"));
            Assert.That(bytes, Has.Length.EqualTo(8 + 32));
        }

        [Test]
        public void MemoryTable_AcceptsRoomForMoreRegions_AsQemuAndUmlSend()
        {
            byte[] exact = MemoryTable.Encode([new MemoryRegionDescription(0, 4096, 0, 0)]);
            byte[] uml = new byte[8 + (2 * 32)];
            byte[] qemu = new byte[8 + (8 * 32)];
            exact.CopyTo(uml, 0);
            exact.CopyTo(qemu, 0);
            Assert.Multiple(() =>
            {
                Assert.That(MemoryTable.TryDecode(uml, out MemoryRegionDescription[] a, out _), Is.True);
                Assert.That(MemoryTable.TryDecode(qemu, out MemoryRegionDescription[] b, out _), Is.True);
                Assert.That(a, Has.Length.EqualTo(1));
                Assert.That(b, Has.Length.EqualTo(1));
            });
        }

        [TestCase("00000000" + "00000000", TestName = "MemoryTable_ZeroRegions_Refused")]
        [TestCase("09000000" + "00000000", TestName = "MemoryTable_NineRegions_Refused")]
        [TestCase("02000000" + "00000000" + "0000000000000000" + "0010000000000000" + "0000000000000000" + "0000000000000000", TestName = "MemoryTable_CountBeyondPayload_Refused")]
        [TestCase("01000000" + "00000000" + "0000000000000000" + "0000000000000000" + "0000000000000000" + "0000000000000000", TestName = "MemoryTable_EmptyRegion_Refused")]
        [TestCase("01000000" + "00000000" + "00F0FFFFFFFFFFFF" + "0020000000000000" + "0000000000000000" + "0000000000000000", TestName = "MemoryTable_WrappingRegion_Refused")]
        public void MemoryTable_Malformed(string hex) =>
            Assert.That(MemoryTable.TryDecode(Convert.FromHexString(hex), out _, out string? problem), Is.False, problem);

        [Test]
        public void ConfigPayload_SizeMustMatch()
        {
            byte[] bytes = new ConfigPayload(4, 0, new byte[] { 1, 2, 3, 4 }).ToArray();
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo("04000000" + "04000000" + "00000000" + "01020304"));
            Assert.That(ConfigPayload.TryDecode(bytes, out ConfigPayload back), Is.True);
            Assert.That(back.Bytes.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
            Assert.That(ConfigPayload.TryDecode(bytes.AsSpan(0, 15), out _), Is.False, "size says 4, 3 bytes follow");
        }
    }
}
