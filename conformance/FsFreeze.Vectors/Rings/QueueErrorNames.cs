using System;
using System.Collections.Generic;
using System.Text;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// Wire names of <see cref="QueueError"/>: snake_case of the enum member ("none", "queue_full"), so a
    /// replayer in another language maps them to its own error values without knowing .NET casing.
    /// </summary>
    internal static class QueueErrorNames
    {
        private static readonly Dictionary<string, QueueError> ByName = BuildByName();

        /// <summary>The wire name of <paramref name="error"/>.</summary>
        internal static string ToWire(QueueError error)
        {
            string name = error.ToString();
            var builder = new StringBuilder(name.Length + 8);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c))
                {
                    if (i > 0)
                    {
                        builder.Append('_');
                    }

                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>The error named <paramref name="wire"/>.</summary>
        /// <exception cref="FormatException">No such error.</exception>
        internal static QueueError FromWire(string wire) =>
            ByName.TryGetValue(wire, out QueueError error) ? error : throw new FormatException($"unknown queue error '{wire}'");

        private static Dictionary<string, QueueError> BuildByName()
        {
            var map = new Dictionary<string, QueueError>(StringComparer.Ordinal);
            foreach (QueueError error in Enum.GetValues<QueueError>())
            {
                map[ToWire(error)] = error;
            }

            return map;
        }
    }
}
