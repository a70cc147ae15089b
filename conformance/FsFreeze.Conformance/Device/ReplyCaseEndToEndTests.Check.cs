using System;
using System.Buffers.Binary;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Device
{
    /// <summary>The driver of one end-to-end reply case.</summary>
    public sealed partial class ReplyCaseEndToEndTests
    {
        private void Check(ReplyCase testCase)
        {
            var options = new FsFreezeDeviceOptions { Config = new FsFreezeConfig(4096, testCase.MaxEntries, 600_000) };
            var bench = new GuestBench(_implementation, options).Start(testCase.Features);
            HostOperation? control = testCase.Awaited.ControlRequestId == 0 ? null
                : testCase.Awaited.ControlType == RequestType.Freeze ? bench.Host.Freeze(100_000) : bench.Host.Thaw();
            HostOperation? status = testCase.Awaited.StatusRequestId == 0 ? null : bench.Host.Status();
            bench.TakeRequests();

            byte[] bytes = Remap(testCase, control?.RequestId ?? 0, status?.RequestId ?? 0, out HostOperation? answered, control, status);
            bench.SendReply(bytes);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None), "a reply never breaks the device");
                Assert.That(bench.ReclaimReplies(), Has.Count.EqualTo(1).And.All.Property("Length").EqualTo(0u), "used with length 0 (FF-DEV-10)");
                switch (testCase.ExpectedKind)
                {
                    case ReplyVerdictKind.Ignored:
                        Assert.That(bench.Endpoint.Counters.Ignored(testCase.ExpectedIgnoredReason), Is.EqualTo(1), "counted by reason");
                        Assert.That(control?.IsCompleted ?? false, Is.False, "the FREEZE or THAW keeps waiting");
                        Assert.That(status?.IsCompleted ?? false, Is.False, "the STATUS keeps waiting");
                        Assert.That(bench.Host.LastKnownState, Is.Null, "an ignored EVENT changes no state");
                        break;
                    case ReplyVerdictKind.ProtocolError:
                        Assert.That(answered, Is.Not.Null, "a protocol error answers an awaited request");
                        Assert.That(answered!.Result.Kind, Is.EqualTo(HostResultKind.ProtocolError));
                        Assert.That(answered.Result.Problem, Is.EqualTo(testCase.ExpectedProblem));
                        break;
                    default:
                        if (answered is null)
                        {
                            // A valid EVENT: no request completes, the guest state follows it (FF-DEV-13).
                            FsFreezeReply.TryDecode(bytes, out FsFreezeReply expected);
                            Assert.That(bench.Host.LastKnownState?.Event, Is.EqualTo(expected.Event));
                            Assert.That(bench.Host.LastKnownState?.State, Is.EqualTo(expected.State));
                            Assert.That(control?.IsCompleted ?? false, Is.False);
                        }
                        else
                        {
                            Assert.That(answered.Result.Kind, Is.EqualTo(HostResultKind.Completed));
                            byte[] reencoded = answered.Result.Reply.ToArray();
                            Assert.That(reencoded, Is.EqualTo(bytes.AsSpan(0, reencoded.Length).ToArray()), "the host sees the reply as sent");
                        }

                        break;
                }
            });
        }

        /// <summary>
        /// The table awaits FREEZE 7 and STATUS 8; the device under test picks its own ids (FF-DEV-7), so the case's
        /// <c>request_id</c> is mapped onto the ids the device actually sent, and any other id onto one that awaits
        /// nothing. Returns the host operation the reply names, if any.
        /// </summary>
        private static byte[] Remap(ReplyCase testCase, uint controlId, uint statusId, out HostOperation? answered, HostOperation? control, HostOperation? status)
        {
            byte[] bytes = (byte[])testCase.Bytes.Clone();
            answered = null;
            if (bytes.Length < FsFreezeReply.RequestIdOffset + 4)
            {
                return bytes;
            }

            uint id = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(FsFreezeReply.RequestIdOffset));
            uint mapped = id;
            if (id != 0 && id == testCase.Awaited.ControlRequestId)
            {
                mapped = controlId;
                answered = control;
            }
            else if (id != 0 && id == testCase.Awaited.StatusRequestId)
            {
                mapped = statusId;
                answered = status;
            }
            else if (id != 0 && (id == controlId || id == statusId))
            {
                mapped = Math.Max(controlId, statusId) + 1000;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(FsFreezeReply.RequestIdOffset), mapped);

            // An EVENT never completes a request, whatever id it carries.
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes) == (ushort)ReplyType.Event)
            {
                answered = null;
            }

            return bytes;
        }
    }
}
