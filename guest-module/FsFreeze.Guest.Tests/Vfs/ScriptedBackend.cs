using System.Collections.Generic;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// A disk backend a test steers: writes wait while the gate is closed (a host that has not completed the
    /// request yet), the next writes can be made to fail, and immediate writes can be refused (a medium that always
    /// sleeps). Counts the writes it completed per block.
    /// </summary>
    internal sealed class ScriptedBackend : IBlockBackend
    {
        private readonly Dictionary<long, long> blocks = new();
        private readonly Queue<Errno> failures = new();
        private readonly WaitQueue gate = new("backend.gate");
        private int? allowance;

        public ScriptedBackend(bool open = true, bool immediate = true)
        {
            IsOpen = open;
            Immediate = immediate;
        }

        public bool IsOpen { get; private set; }

        public bool Immediate { get; set; }

        /// <summary>Writes completed, in order, as (block, value).</summary>
        public List<(long Block, long Value)> Written { get; } = new();

        public void Open()
        {
            IsOpen = true;
            allowance = null;
            gate.WakeAll();
        }

        public void Close() => IsOpen = false;

        /// <summary>Lets <paramref name="writes"/> more writes through, then holds the rest until <see cref="Open"/>.</summary>
        public void CloseAfter(int writes) => allowance = writes;

        /// <summary>The next write completes with <paramref name="error"/> (<see cref="Errno.None"/>: succeeds) and stores nothing unless it succeeds.</summary>
        public void FailNext(Errno error) => failures.Enqueue(error);

        /// <summary>Forgets a block, as if it was never written (a host that discarded it).</summary>
        public void Erase(long block) => blocks.Remove(block);

        public long? Read(long block) => blocks.TryGetValue(block, out long value) ? value : null;

        public bool TryWriteImmediate(long block, long value)
        {
            if (!Immediate)
            {
                return false;
            }

            blocks[block] = value;
            Written.Add((block, value));
            return true;
        }

        public SimOperation<Errno> Write(long block, long value) => new($"backend write {block}", op => Body(op, block, value));

        private IEnumerable<Wait> Body(SimOperation<Errno> op, long block, long value)
        {
            while (!IsOpen || allowance == 0)
            {
                yield return gate;
            }

            if (allowance > 0)
            {
                allowance--;
            }

            if (failures.TryDequeue(out Errno error) && error != Errno.None)
            {
                op.Complete(error);
                yield break;
            }

            blocks[block] = value;
            Written.Add((block, value));
            op.Complete(Errno.None);
        }
    }
}
