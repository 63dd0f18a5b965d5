using System.Buffers;
using System.Text;

namespace ChatHub.Resp.Protocol;

/// <summary>Encodes commands the way clients must send them: a RESP array of bulk strings.</summary>
public static class RespCommandWriter
{
    /// <summary>Writes <c>*n\r\n$len\r\nCOMMAND\r\n$len\r\narg\r\n...</c> into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, string command, IReadOnlyList<RespArg> args)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValidateCommand(command);
        ArgumentNullException.ThrowIfNull(args);

        WriteHeader(writer, (byte)'*', 1 + args.Count);
        var commandLength = Encoding.UTF8.GetByteCount(command);
        WriteHeader(writer, (byte)'$', commandLength);
        var span = writer.GetSpan(commandLength + 2);
        Encoding.UTF8.GetBytes(command, span);
        "\r\n"u8.CopyTo(span[commandLength..]);
        writer.Advance(commandLength + 2);

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var length = arg.ByteCount;
            WriteHeader(writer, (byte)'$', length);
            span = writer.GetSpan(length + 2);
            arg.CopyTo(span[..length]);
            "\r\n"u8.CopyTo(span[length..]);
            writer.Advance(length + 2);
        }
    }

    /// <summary>The encoded bytes of one command; convenient for tests and one-off use.</summary>
    public static byte[] Encode(string command, params IReadOnlyList<RespArg> args)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, command, args);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Throws unless <paramref name="command"/> is a non-empty name without whitespace.</summary>
    internal static void ValidateCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().ContainsAny(" \r\n\t"))
        {
            throw new ArgumentException("A command name is one word; pass its parts as arguments.", nameof(command));
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, int length)
    {
        var span = writer.GetSpan(16);
        span[0] = prefix;
        length.TryFormat(span[1..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        writer.Advance(written + 3);
    }
}
