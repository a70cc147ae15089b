using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Host
{
    /// <summary>
    /// A FREEZE, THAW or STATUS the host asked for. It completes exactly once, later, when the reply arrives, the
    /// driver goes away or the timeout fires; a <see cref="Scheduler"/> task waits on it with
    /// <see cref="WaitForCompletion"/>, other code registers <see cref="OnCompleted"/>.
    /// </summary>
    public sealed class HostOperation
    {
        private readonly List<Action<HostOperation>> _callbacks = [];
        private HostResult? _result;

        internal HostOperation(RequestType type, TimeSpan startedAt)
        {
            Type = type;
            StartedAt = startedAt;
            Completion = new WaitQueue($"host.{type}");
        }

        /// <summary>FREEZE, THAW or STATUS.</summary>
        public RequestType Type { get; }

        /// <summary>The request's id, or 0 when nothing was sent.</summary>
        public uint RequestId { get; internal set; }

        /// <summary>Virtual time the operation started.</summary>
        public TimeSpan StartedAt { get; }

        /// <summary>Virtual time it completed (meaningful once <see cref="IsCompleted"/>).</summary>
        public TimeSpan CompletedAt { get; private set; }

        /// <summary>True once the result is known.</summary>
        public bool IsCompleted => _result is not null;

        /// <summary>The result.</summary>
        /// <exception cref="InvalidOperationException">Not completed yet.</exception>
        public HostResult Result => _result ?? throw new InvalidOperationException($"The {Type} has not completed yet.");

        /// <summary>Woken when the operation completes.</summary>
        public WaitQueue Completion { get; }

        /// <summary>Waits, inside a scheduler task, until the operation completes.</summary>
        public IEnumerable<Wait> WaitForCompletion()
        {
            while (!IsCompleted)
            {
                yield return Completion;
            }
        }

        /// <summary>Runs <paramref name="callback"/> on completion (at once when already complete).</summary>
        public void OnCompleted(Action<HostOperation> callback)
        {
            ArgumentNullException.ThrowIfNull(callback);
            if (IsCompleted)
            {
                callback(this);
            }
            else
            {
                _callbacks.Add(callback);
            }
        }

        /// <summary>Completes the operation; false (nothing changes) when it already completed.</summary>
        internal bool TryComplete(HostResult result, TimeSpan now)
        {
            if (_result is not null)
            {
                return false;
            }

            _result = result;
            CompletedAt = now;
            Completion.WakeAll();
            foreach (Action<HostOperation> callback in _callbacks)
            {
                callback(this);
            }

            _callbacks.Clear();
            return true;
        }

        /// <inheritdoc />
        public override string ToString() => $"{Type} {RequestId}: {(_result is null ? "pending" : _result.ToString())}";
    }
}
