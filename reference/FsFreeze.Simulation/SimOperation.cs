using System;
using System.Collections;
using System.Collections.Generic;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// A kernel call that may sleep, with a result: enumerate it (spawn it as a task, or <c>foreach</c> its waits
    /// inside another task's iterator) and read <see cref="Result"/> once <see cref="IsDone"/>. This is how a
    /// blocking C function such as <c>freeze_super</c> is expressed without threads.
    /// </summary>
    /// <typeparam name="TResult">The call's return value.</typeparam>
    public sealed class SimOperation<TResult> : IEnumerable<Wait>
    {
        private readonly Func<SimOperation<TResult>, IEnumerable<Wait>> body;
        private bool started;
        private TResult result = default!;

        /// <summary>Wraps <paramref name="body"/>, which must call <see cref="Complete"/> before it ends.</summary>
        public SimOperation(string name, Func<SimOperation<TResult>, IEnumerable<Wait>> body)
        {
            Name = name;
            this.body = body;
        }

        /// <summary>The call's name, for traces.</summary>
        public string Name { get; }

        /// <summary>True once the call returned.</summary>
        public bool IsDone { get; private set; }

        /// <summary>The return value; only meaningful once <see cref="IsDone"/>.</summary>
        public TResult Result
        {
            get
            {
                if (!IsDone)
                {
                    throw new InvalidOperationException($"{Name} has not returned yet.");
                }

                return result;
            }
        }

        /// <summary>Records the return value (called by the body as its last act).</summary>
        public void Complete(TResult value)
        {
            result = value;
            IsDone = true;
        }

        /// <inheritdoc />
        public IEnumerator<Wait> GetEnumerator()
        {
            if (started)
            {
                throw new InvalidOperationException($"{Name} can only run once.");
            }

            started = true;
            return body(this).GetEnumerator();
        }

        /// <inheritdoc />
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <inheritdoc />
        public override string ToString() => IsDone ? $"{Name} = {result}" : $"{Name} (running)";
    }
}
