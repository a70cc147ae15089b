using System;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// The back-end's driver-testing ops, <c>raw</c> and <c>forge-used</c>, against a guest scripted by the test (a
    /// driver that answers right, or wrong on purpose): the bytes and used length arrive as asked, the answer is
    /// matched and shown like any completion, and checking mode names exactly the driver rule a wrong answer breaks
    /// (FF-DRV-8, FF-DRV-11, FF-DRV-12, FF-DRV-34, FF-DRV-13). The reference driver model's answers to the whole
    /// request table are checked in conformance (VhostUser/RawRequestDriverTests.cs), which owns that table.
    /// </summary>
    public sealed class RawControlOpTests
    {
        private const uint MaxDeadlineMs = 600_000;
        private const uint Id = 0x1234;
        private static readonly ulong Selective = FsFreezeFeature.Mask(FsFreezeFeature.Selective);

        private static JsonObject Options(ulong offered = 0) => new() { ["offered_features"] = offered, ["request_size"] = 4096, ["max_deadline_ms"] = MaxDeadlineMs };

        private static JsonObject Raw(byte[] bytes, uint? usedLength = null)
        {
            var command = new JsonObject { ["op"] = "raw", ["request"] = Convert.ToHexString(bytes) };
            if (usedLength is { } length)
            {
                command["used_length"] = length;
            }

            return command;
        }

        [Test]
        public void Raw_DeadlineAboveMax_ArrivesAsSent_AndTheRightRefusalCompletesIt_WithNoViolation()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            byte[] bytes = FsFreezeRequest.Freeze(Id, MaxDeadlineMs + 1).ToArray();

            JsonObject answer = guest.Host(Raw(bytes));
            (byte[]? received, UsedBuffer used, QueueError error) = guest.TakeRequest();
            Assert.Multiple(() =>
            {
                Assert.That(answer["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
                Assert.That(answer["request_id"]!.GetValue<uint>(), Is.EqualTo(Id));
                Assert.That(answer["request_type"]!.GetValue<ushort>(), Is.EqualTo((ushort)RequestType.Freeze));
                Assert.That(answer["expected"]!["status"]!.GetValue<string>(), Is.EqualTo("Invalid"));
                Assert.That(answer["expected"]!["requirement"]!.GetValue<string>(), Is.EqualTo("FF-DRV-34"), "FF-DEV-16 forbids this request; the driver must refuse it");
                Assert.That(error, Is.EqualTo(QueueError.None));
                Assert.That(received, Is.EqualTo(bytes), "exactly the bytes, with their length as the used length");
                Assert.That(guest.Host(new JsonObject { ["op"] = "state" })["raw_awaited"]!["request_id"]!.GetValue<uint>(), Is.EqualTo(Id));
            });

            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Freeze, ReplyStatus.Invalid, Id));

            JsonObject[] completed = guest.Completed(Id);
            Assert.That(completed, Has.Length.EqualTo(1));
            JsonNode verdict = completed[0]["verdict"]!;
            Assert.Multiple(() =>
            {
                Assert.That(completed[0]["raw"]!.GetValue<bool>(), Is.True);
                Assert.That(verdict["kind"]!.GetValue<string>(), Is.EqualTo("Accepted"));
                Assert.That(verdict["reply"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexString(ScriptedGuest.ReplyBytes((ushort)ReplyType.Freeze, ReplyStatus.Invalid, Id))));
                Assert.That(guest.Violations(), Is.Empty);
                Assert.That(guest.Host(new JsonObject { ["op"] = "state" })["raw_awaited"], Is.Null, "answered: nothing awaits");
            });
        }

        [Test]
        public void Raw_UsedLengthBelowTheBytes_IsTheUsedLength_AndAZeroIdEchoIsMatched()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());

            // A THAW cut to 7 bytes: its type is there, its request_id is not, so the echo is type 2, id 0.
            JsonObject answer = guest.Host(Raw(FsFreezeRequest.Thaw(Id).ToArray(), usedLength: 7));
            (byte[]? received, _, _) = guest.TakeRequest();
            Assert.Multiple(() =>
            {
                Assert.That(received, Has.Length.EqualTo(7));
                Assert.That(answer["request_id"]!.GetValue<uint>(), Is.Zero);
                Assert.That(answer["expected"]!["problem"]!.GetValue<string>(), Is.EqualTo("TooShort"));
                Assert.That(answer["expected"]!["requirement"]!.GetValue<string>(), Is.EqualTo("FF-DRV-11"));
            });

            guest.Reply(ScriptedGuest.ReplyBytes((ushort)RequestType.Thaw, ReplyStatus.Invalid, 0));
            Assert.Multiple(() =>
            {
                Assert.That(guest.Completed(0), Has.Length.EqualTo(1), "a reply echoing request_id 0 is the raw request's");
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        /// <summary>A driver answering wrong on purpose: each way is recorded as the rule it breaks.</summary>
        [TestCase("deadline-accepted", "FF-DRV-34", Category = "FF-DRV-34")]
        [TestCase("invalid-for-unsupported", "FF-DRV-12", Category = "FF-DRV-12")]
        [TestCase("ok-for-flags", "FF-DRV-11", Category = "FF-DRV-11")]
        [TestCase("wrong-id", "FF-DRV-8", Category = "FF-DRV-8")]
        [TestCase("wrong-type", "FF-DRV-8", Category = "FF-DRV-8")]
        [TestCase("twice", "FF-DRV-8", Category = "FF-DRV-8")]
        [TestCase("reserved-set", "FF-DRV-8", Category = "FF-DRV-8")]
        public void WrongAnswer_IsRecorded_AsTheRuleItBreaks(string wrong, string requirement)
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            byte[] request = wrong switch
            {
                "deadline-accepted" => FsFreezeRequest.Freeze(Id, MaxDeadlineMs + 1).ToArray(),
                "invalid-for-unsupported" => FsFreezeRequest.Freeze(Id, 30_000, 0, Selector.MountPath("/srv")).ToArray(),
                "ok-for-flags" => WithFlags(FsFreezeRequest.Status(Id).ToArray()),
                _ => FsFreezeRequest.Status(Id).ToArray(),
            };
            byte[] reply = wrong switch
            {
                "deadline-accepted" => ScriptedGuest.ReplyBytes((ushort)ReplyType.Freeze, ReplyStatus.Ok, Id),
                "invalid-for-unsupported" => ScriptedGuest.ReplyBytes((ushort)ReplyType.Freeze, ReplyStatus.Invalid, Id),
                "wrong-id" => ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, Id + 1),
                "wrong-type" => ScriptedGuest.ReplyBytes((ushort)ReplyType.Thaw, ReplyStatus.Ok, Id),
                "reserved-set" => WithReserved(ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, Id)),
                _ => ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, Id),
            };

            Assert.That(guest.Host(Raw(request))["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
            guest.Reply(reply);
            if (wrong == "twice")
            {
                Assert.That(guest.Violations(), Is.Empty, "the first reply is right");
                guest.Reply(reply);
            }

            string[] violations = guest.Violations();
            Assert.Multiple(() =>
            {
                Assert.That(violations, Has.Length.EqualTo(1), string.Join("\n", violations));
                Assert.That(violations.FirstOrDefault(), Does.StartWith(requirement + ":"));
                Assert.That(guest.Completed(Id).Length + guest.Completed(0).Length, Is.LessThanOrEqualTo(2));
                Assert.That(backend.Log.ToString(), Does.Contain("VIOLATION " + requirement));
            });
        }

        [Test]
        public void Raw_WhileOneAwaits_IsRefused_ButHostRequestsStillGo_WithAnotherId()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options(), requestBuffers: 3);
            Assert.That(guest.Host(Raw(FsFreezeRequest.Status(1).ToArray()))["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));

            JsonObject second = guest.Host(Raw(FsFreezeRequest.Status(7).ToArray()), allowError: true);
            JsonObject status = guest.Host(new JsonObject { ["op"] = "status" });
            Assert.Multiple(() =>
            {
                Assert.That(second["ok"]!.GetValue<bool>(), Is.False);
                Assert.That(second["error"]!.GetValue<string>(), Is.EqualTo("raw-busy"));
                Assert.That(status["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
                Assert.That(status["request_id"]!.GetValue<uint>(), Is.Not.EqualTo(1u), "FF-DEV-7: never the id of an awaited (raw) request");
            });

            // The STATUS reply completes the STATUS, not the raw request.
            uint statusId = status["request_id"]!.GetValue<uint>();
            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, statusId));
            Assert.Multiple(() =>
            {
                Assert.That(guest.Completed(statusId).Single()["raw"], Is.Null);
                Assert.That(guest.Host(new JsonObject { ["op"] = "state" })["raw_awaited"], Is.Not.Null);
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        [Test]
        public void Raw_UsedLengthAboveTheBuffer_OrBadHex_IsRefused_AndTakesNoBuffer()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            JsonObject tooLong = guest.Host(Raw(FsFreezeRequest.Status(1).ToArray(), usedLength: guest.RequestSize + 1), allowError: true);
            JsonObject bytesTooLong = guest.Host(Raw(new byte[guest.RequestSize + 1]), allowError: true);
            JsonObject badHex = guest.Host(new JsonObject { ["op"] = "raw", ["request"] = "0g" }, allowError: true);
            JsonObject noBytes = guest.Host(new JsonObject { ["op"] = "raw" }, allowError: true);
            Assert.Multiple(() =>
            {
                Assert.That(tooLong["ok"]!.GetValue<bool>(), Is.False);
                Assert.That(tooLong["error"]!.GetValue<string>(), Is.EqualTo("raw-too-long"));
                Assert.That(tooLong["message"]!.GetValue<string>(), Does.Contain("request_size"));
                Assert.That(bytesTooLong["error"]!.GetValue<string>(), Is.EqualTo("raw-too-long"));
                Assert.That(badHex["error"]!.GetValue<string>(), Is.EqualTo("bad-command"));
                Assert.That(noBytes["error"]!.GetValue<string>(), Is.EqualTo("bad-command"));
                Assert.That(guest.TakeRequest().Error, Is.EqualTo(QueueError.None));
                Assert.That(guest.TakeRequest().Bytes, Is.Null, "no buffer was used");
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        [Test]
        public void Raw_IdOfAnAwaitedRequest_IsRefused()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            uint statusId = guest.Host(new JsonObject { ["op"] = "status" })["request_id"]!.GetValue<uint>();
            JsonObject clash = guest.Host(Raw(FsFreezeRequest.Status(statusId).ToArray()), allowError: true);
            Assert.That(clash["error"]!.GetValue<string>(), Is.EqualTo("raw-id-in-use"));
        }

        [Test]
        [Category("FF-DRV-8")]
        public void Raw_Abandoned_WithoutAReply_IsAMissingReply_AndFreesTheSlot()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            guest.Host(Raw(FsFreezeRequest.Status(5).ToArray()));
            JsonObject abandoned = guest.Host(new JsonObject { ["op"] = "abandon", ["request_id"] = 5 });
            Assert.Multiple(() =>
            {
                Assert.That(abandoned["abandoned"]!.GetValue<bool>(), Is.True);
                Assert.That(guest.Violations().Single(), Does.StartWith("FF-DRV-8:"));
                Assert.That(guest.Host(Raw(FsFreezeRequest.Status(6).ToArray()))["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
            });
        }

        [Test]
        public void Raw_WithoutCheck_IsSentAndCompleted_AndNothingIsRecorded()
        {
            using var backend = new RunningBackend(check: false);
            using var guest = new ScriptedGuest(backend, 0, Options());
            guest.Host(Raw(FsFreezeRequest.Status(Id).ToArray()));
            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, Id + 1));
            Assert.Multiple(() =>
            {
                Assert.That(guest.Completed(Id).Single()["verdict"]!["kind"]!.GetValue<string>(), Is.EqualTo("Ignored"), "the wrong echo shows in the verdict");
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_IdNeverPosted_ReachesTheDriverAsAnOutOfRangeId_WithNoViolation()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options(), requestBuffers: 3);
            JsonObject answer = guest.Host(new JsonObject { ["op"] = "forge-used" });
            (byte[]? bytes, _, QueueError error) = guest.TakeRequest();
            Assert.Multiple(() =>
            {
                Assert.That(answer["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
                Assert.That(answer["used_id"]!.GetValue<uint>(), Is.EqualTo(16u), "the first id past a 16-entry ring");
                Assert.That(answer["consumed_id"]!.GetValue<uint>(), Is.Not.EqualTo(16u));
                Assert.That(answer["request_id"]!.GetValue<uint>(), Is.EqualTo(uint.MaxValue));
                Assert.That(bytes, Is.Null);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdOutOfRange), "the driver end refuses the element (FF-RING-16)");
                Assert.That(guest.Violations(), Is.Empty, "the forgery is the test's act, not the driver's");
            });

            // The device's bookkeeping is intact: a STATUS takes the next posted buffer and is answered.
            uint statusId = guest.Host(new JsonObject { ["op"] = "status" })["request_id"]!.GetValue<uint>();
            (byte[]? status, _, _) = guest.TakeRequest();
            Assert.That(status, Is.EqualTo(FsFreezeRequest.Status(statusId).ToArray()));
            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, statusId));
            Assert.Multiple(() =>
            {
                Assert.That(guest.Completed(statusId).Single()["verdict"]!["kind"]!.GetValue<string>(), Is.EqualTo("Accepted"));
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_LengthBeyondTheBuffer_AndADriverThatAnswersIt_IsFfDrv13()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            JsonObject answer = guest.Host(new JsonObject { ["op"] = "forge-used", ["used_length"] = 1_000_000 });
            (byte[]? bytes, UsedBuffer used, QueueError error) = guest.TakeRequest();
            Assert.Multiple(() =>
            {
                Assert.That(answer["used_length"]!.GetValue<uint>(), Is.EqualTo(1_000_000u));
                Assert.That(answer["buffer_length"]!.GetValue<uint>(), Is.EqualTo(guest.RequestSize));
                Assert.That(answer["used_id"]!.GetValue<uint>(), Is.EqualTo(answer["consumed_id"]!.GetValue<uint>()));
                Assert.That(error, Is.EqualTo(QueueError.UsedLengthTooLarge));
                Assert.That(used.Length, Is.Zero, "the driver end refuses the length");
            });

            // A driver that trusted the completion answers the FREEZE it held.
            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Freeze, ReplyStatus.Ok, uint.MaxValue));
            Assert.That(guest.Violations().Single(), Does.StartWith("FF-DRV-13:"));
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_WithTheHeadOfTheBufferTaken_ForgesTheLengthInstead()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            JsonObject answer = guest.Host(new JsonObject { ["op"] = "forge-used", ["id"] = 0 });
            (_, _, QueueError error) = guest.TakeRequest();
            Assert.Multiple(() =>
            {
                Assert.That(answer["consumed_id"]!.GetValue<uint>(), Is.Zero, "the first buffer posted has head 0");
                Assert.That(answer["used_id"]!.GetValue<uint>(), Is.Zero);
                Assert.That(answer["used_length"]!.GetValue<uint>(), Is.EqualTo(guest.RequestSize + 1), "never a true completion");
                Assert.That(error, Is.EqualTo(QueueError.UsedLengthTooLarge));
            });
        }

        [Test]
        public void ForgeUsed_NothingForged_OrWhileARawAwaits_OrWithoutADriver_HasADefinedAnswer()
        {
            using var backend = new RunningBackend(check: true);
            using (var control = Control.ControlClient.Connect(backend.Control, TimeSpan.FromSeconds(5)))
            {
                JsonObject noDriver = control.Call(new JsonObject { ["op"] = "forge-used" });
                Assert.That(noDriver["outcome"]!.GetValue<string>(), Is.EqualTo("NoDriver"));
            }

            using var guest = new ScriptedGuest(backend, 0, Options());
            JsonObject nothing = guest.Host(new JsonObject { ["op"] = "forge-used", ["used_length"] = 16 }, allowError: true);
            guest.Host(Raw(FsFreezeRequest.Status(3).ToArray()));
            JsonObject busy = guest.Host(new JsonObject { ["op"] = "forge-used" }, allowError: true);
            Assert.Multiple(() =>
            {
                Assert.That(nothing["error"]!.GetValue<string>(), Is.EqualTo("bad-forgery"), "a used length within the buffer forges nothing");
                Assert.That(busy["error"]!.GetValue<string>(), Is.EqualTo("raw-busy"));
                Assert.That(guest.Violations(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-DRV-8")]
        public void AReplyToNoRequest_IsFfDrv8_ButALateReplyToAnAbandonedOne_IsNot()
        {
            using var backend = new RunningBackend(check: true);
            using var guest = new ScriptedGuest(backend, 0, Options());
            uint statusId = guest.Host(new JsonObject { ["op"] = "status" })["request_id"]!.GetValue<uint>();
            Assert.That(guest.Host(new JsonObject { ["op"] = "abandon", ["request_id"] = statusId })["abandoned"]!.GetValue<bool>(), Is.True);
            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Status, ReplyStatus.Ok, statusId));
            Assert.That(guest.Violations(), Is.Empty, "the host gave up; the driver may still answer (FF-HOST-2)");

            guest.Reply(ScriptedGuest.ReplyBytes((ushort)ReplyType.Thaw, ReplyStatus.Ok, 777));
            Assert.That(guest.Violations().Single(), Does.StartWith("FF-DRV-8:"));
        }

        private static byte[] WithFlags(byte[] request)
        {
            request[FsFreezeRequest.FlagsOffset] = 1;
            return request;
        }

        private static byte[] WithReserved(byte[] reply)
        {
            reply[FsFreezeReply.ReservedOffset] = 1;
            return reply;
        }
    }
}
