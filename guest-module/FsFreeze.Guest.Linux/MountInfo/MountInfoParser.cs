using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Linux.MountInfo
{
    /// <summary>
    /// Parses /proc/PID/mountinfo. Fields are separated by single spaces; the kernel escapes space, tab, newline and
    /// backslash in paths as a backslash and three octal digits (fs/proc_namespace.c, seq_escape with " \t\n\\"), so
    /// a path with a space in it is still one field. The optional fields run up to a lone "-" (proc(5)). A line that
    /// does not have this shape is reported, never guessed at.
    /// </summary>
    public static class MountInfoParser
    {
        /// <summary>Parses every line of <paramref name="text"/>, in file order (which is mount order).</summary>
        /// <exception cref="FormatException">A line is malformed; the message names the line.</exception>
        public static IReadOnlyList<MountInfoEntry> Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var entries = new List<MountInfoEntry>();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > 0)
                {
                    entries.Add(ParseLine(lines[i], i + 1));
                }
            }

            return entries;
        }

        /// <summary>Parses one line (<paramref name="lineNumber"/> is for the error message).</summary>
        /// <exception cref="FormatException">The line is malformed.</exception>
        public static MountInfoEntry ParseLine(string line, int lineNumber = 1)
        {
            ArgumentNullException.ThrowIfNull(line);
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 10 || separator < 6 || fields.Length - separator != 4)
            {
                throw Bad(lineNumber, "expected six fields, optional fields, \"-\", and three more");
            }

            var optional = new List<string>();
            for (int i = 6; i < separator; i++)
            {
                optional.Add(fields[i]);
            }

            return new MountInfoEntry(
                Integer(fields[0], lineNumber, "mount ID"),
                Integer(fields[1], lineNumber, "parent ID"),
                Device(fields[2], lineNumber),
                Unescape(fields[3], lineNumber),
                Unescape(fields[4], lineNumber),
                fields[5].Split(','),
                optional,
                Unescape(fields[separator + 1], lineNumber),
                Unescape(fields[separator + 2], lineNumber),
                fields[separator + 3].Split(','));
        }

        /// <summary>Undoes the kernel's "\ooo" escapes (three octal digits, one byte each); the bytes are UTF-8.</summary>
        /// <exception cref="FormatException">A backslash is not followed by three octal digits.</exception>
        public static string Unescape(string field, int lineNumber = 1)
        {
            ArgumentNullException.ThrowIfNull(field);
            if (!field.Contains('\\', StringComparison.Ordinal))
            {
                return field;
            }

            var bytes = new List<byte>(field.Length);
            int i = 0;
            while (i < field.Length)
            {
                int backslash = field.IndexOf('\\', i);
                int runEnd = backslash < 0 ? field.Length : backslash;
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i..runEnd]));
                if (backslash < 0)
                {
                    break;
                }

                if (!IsOctal(field, backslash + 1) || !IsOctal(field, backslash + 2) || !IsOctal(field, backslash + 3))
                {
                    throw Bad(lineNumber, $"bad escape in \"{field}\"");
                }

                int value = ((field[backslash + 1] - '0') * 64) + ((field[backslash + 2] - '0') * 8) + (field[backslash + 3] - '0');
                if (value > 255)
                {
                    throw Bad(lineNumber, $"escape out of range in \"{field}\"");
                }

                bytes.Add((byte)value);
                i = backslash + 4;
            }

            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static bool IsOctal(string field, int index) => index < field.Length && field[index] is >= '0' and <= '7';

        private static int Integer(string field, int lineNumber, string what) =>
            int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Bad(lineNumber, $"bad {what} \"{field}\"");

        private static DeviceNumber Device(string field, int lineNumber)
        {
            int colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !uint.TryParse(field.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out uint major)
                || !uint.TryParse(field.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint minor))
            {
                throw Bad(lineNumber, $"bad major:minor \"{field}\"");
            }

            return new DeviceNumber(major, minor);
        }

        private static FormatException Bad(int lineNumber, string what) => new($"mountinfo line {lineNumber}: {what}");
    }
}
