using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// Executes the spec's "One freeze exchange as ring states": the exchange is played on each split-ring
    /// implementation under test and every area the spec shows must match its hex block byte for byte.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.SplitVirtqueues))]
    public sealed class RingStateExampleTests
    {
        private readonly IVirtqueueImplementation _implementation;

        public RingStateExampleTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        [Test]
        [Requirement("FF-RING-1")]
        [Requirement("FF-RING-4")]
        [Requirement("FF-DRV-2")]
        [Requirement("FF-DEV-10")]
        public void FreezeExchange_MatchesTheSpecRingStates()
        {
            IReadOnlyDictionary<string, byte[]> played = RingStateExample.Play(_implementation);
            IReadOnlyList<(string Name, byte[] Bytes)> blocks = SpecHexBlocks.Load();
            Assert.Multiple(() =>
            {
                foreach (string name in RingStateExample.Names)
                {
                    byte[][] spec = blocks.Where(b => b.Name == name).Select(b => b.Bytes).ToArray();
                    Assert.That(spec, Has.Length.EqualTo(1), $"the spec must hold one hex block named {name}");
                    Assert.That(System.Convert.ToHexString(played[name]), Is.EqualTo(System.Convert.ToHexString(spec[0])), name);
                }
            });
        }
    }
}
