using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// Executes spec "Worked examples": every <c>hex &lt;name&gt;</c> block is compared byte for byte with the
    /// encoding of the message its caption describes (<see cref="WorkedExamples"/>), and decoded by the side that
    /// receives it (the driver for requests, the device for replies and events) back to that message.
    /// </summary>
    public sealed class WorkedExampleTests
    {
        private static IReadOnlyList<(string Name, byte[] Bytes)> Blocks => SpecHexBlocks.Load();

        private static IEnumerable<TestCaseData> RequestExamples() =>
            WorkedExamples.All.Values.Where(e => e.Request is not null).Select(e => new TestCaseData(e.Name).SetName($"RequestExample({e.Name})"));

        private static IEnumerable<TestCaseData> ReplyExamples() =>
            WorkedExamples.All.Values.Where(e => e.Reply is not null).Select(e => new TestCaseData(e.Name).SetName($"ReplyExample({e.Name})"));

        private static byte[] SpecBytes(string name)
        {
            (string Name, byte[] Bytes)[] matches = Blocks.Where(b => b.Name == name).ToArray();
            Assert.That(matches, Has.Length.EqualTo(1), $"the spec must hold exactly one hex block named '{name}'");
            return matches[0].Bytes;
        }

        [Test]
        public void SpecHexBlocks_AreExactlyTheKnownExamples()
        {
            string[] names = Blocks.Select(b => b.Name).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(names, Is.Unique, "two hex blocks share a name");
                string[] known = WorkedExamples.All.Keys.Concat(RingStateExample.Names).ToArray();
                Assert.That(names.Except(known), Is.Empty, "hex blocks without a test: add them to WorkedExamples or RingStateExample");
                Assert.That(known.Except(names), Is.Empty, "examples the spec no longer holds");
            });
        }

        [Test]
        public void SpecHexBlocks_ParserReadsNamesAndBytes_AndRefusesBadTokens()
        {
            const string markdown = "text\n```hex a-b\n01 ff\n10\n```\n```\nnot hex\n```\n```hex c\n```\n";
            IReadOnlyList<(string Name, byte[] Bytes)> blocks = SpecHexBlocks.Parse(markdown);
            Assert.Multiple(() =>
            {
                Assert.That(blocks.Select(b => b.Name), Is.EqualTo(new[] { "a-b", "c" }));
                Assert.That(blocks[0].Bytes, Is.EqualTo(new byte[] { 0x01, 0xff, 0x10 }));
                Assert.That(blocks[1].Bytes, Is.Empty);
                Assert.That(() => SpecHexBlocks.Parse("```hex x\n0g\n```\n"), Throws.TypeOf<FormatException>());
                Assert.That(() => SpecHexBlocks.Parse("```hex x\n01\n"), Throws.TypeOf<FormatException>());
            });
        }

        [TestCaseSource(nameof(RequestExamples))]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-12")]
        public void RequestExample(string name)
        {
            WorkedExample example = WorkedExamples.All[name];
            FsFreezeRequest expected = example.Request!.Value;
            byte[] spec = SpecBytes(name);
            Assert.That(Hex(expected.ToArray()), Is.EqualTo(Hex(spec)), "the caption's message encodes to the spec's bytes");

            RequestDecodeResult result = FsFreezeRequest.TryDecode(spec, example.Features, uint.MaxValue, out FsFreezeRequest decoded);
            Assert.That(result.Status, Is.EqualTo(ReplyStatus.Ok), result.ToString());
            ProtocolAssert.SameRequest(expected, decoded);
        }

        [TestCaseSource(nameof(ReplyExamples))]
        [Requirement("FF-DEV-12")]
        [Requirement("FF-DEV-13")]
        public void ReplyExample(string name)
        {
            WorkedExample example = WorkedExamples.All[name];
            FsFreezeReply expected = example.Reply!.Value;
            byte[] spec = SpecBytes(name);
            Assert.That(Hex(expected.ToArray()), Is.EqualTo(Hex(spec)), "the caption's message encodes to the spec's bytes");

            ReplyVerdict verdict = ReplyValidation.Validate(spec, example.Features, example.MaxEntries, example.Awaited);
            Assert.That(verdict.Kind, Is.EqualTo(ReplyVerdictKind.Accepted), verdict.ToString());
            ProtocolAssert.SameReply(expected, verdict.Reply);
        }

        /// <summary>Bytes as the spec writes them, 16 to a line, so a mismatch shows the offending line.</summary>
        private static string Hex(byte[] bytes) =>
            string.Join("\n", bytes.Chunk(16).Select(line => string.Join(" ", line.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
