using System.Text;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Redis.SignalR;

/// <summary>
/// The backplane's wire format (binary, version 1). An invocation carries the hub message already serialized by every
/// hub protocol in use, so receiving nodes write the bytes as they are (no second serialization, any protocol).
/// <code>
/// invocation:    1 | origin | excluded count | excluded ids... | protocol count | (name | length | bytes)...
/// group command: 2 | origin | id | action (1 add, 2 remove) | group | connection id
/// ack:           3 | id
/// </code>
/// Strings are length-prefixed UTF-8 (<see cref="BinaryWriter"/>).
/// </summary>
internal static class ScaleoutMessages
{
    public const byte InvocationKind = 1;
    public const byte GroupCommandKind = 2;
    public const byte AckKind = 3;

    public static byte[] WriteInvocation(string origin, IReadOnlyList<SerializedMessage> messages, IReadOnlyList<string>? excluded)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(InvocationKind);
            writer.Write(origin);
            writer.Write7BitEncodedInt(excluded?.Count ?? 0);
            foreach (var id in excluded ?? [])
            {
                writer.Write(id);
            }

            writer.Write7BitEncodedInt(messages.Count);
            foreach (var message in messages)
            {
                writer.Write(message.ProtocolName);
                writer.Write7BitEncodedInt(message.Serialized.Length);
                writer.Write(message.Serialized.Span);
            }
        }

        return stream.ToArray();
    }

    public static ScaleoutInvocation ReadInvocation(ReadOnlyMemory<byte> payload)
    {
        using var reader = Open(payload, InvocationKind);
        var origin = reader.ReadString();
        var excludedCount = reader.Read7BitEncodedInt();
        var excluded = excludedCount == 0 ? null : new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < excludedCount; i++)
        {
            excluded!.Add(reader.ReadString());
        }

        var messages = new SerializedMessage[reader.Read7BitEncodedInt()];
        for (var i = 0; i < messages.Length; i++)
        {
            var name = reader.ReadString();
            var length = reader.Read7BitEncodedInt();
            messages[i] = new SerializedMessage(name, reader.ReadBytes(length));
        }

        return new ScaleoutInvocation(origin, excluded, new SerializedHubMessage(messages));
    }

    public static byte[] WriteGroupCommand(GroupCommand command)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GroupCommandKind);
            writer.Write(command.Origin);
            writer.Write(command.Id);
            writer.Write((byte)command.Action);
            writer.Write(command.Group);
            writer.Write(command.ConnectionId);
        }

        return stream.ToArray();
    }

    public static GroupCommand ReadGroupCommand(ReadOnlyMemory<byte> payload)
    {
        using var reader = Open(payload, GroupCommandKind);
        var origin = reader.ReadString();
        var id = reader.ReadInt64();
        var action = (GroupAction)reader.ReadByte();
        if (action is not (GroupAction.Add or GroupAction.Remove))
        {
            throw new InvalidDataException($"Unknown group action {(byte)action}.");
        }

        return new GroupCommand(origin, id, action, reader.ReadString(), reader.ReadString());
    }

    public static byte[] WriteAck(long id)
    {
        var bytes = new byte[9];
        bytes[0] = AckKind;
        BitConverter.TryWriteBytes(bytes.AsSpan(1), id);
        return bytes;
    }

    public static long ReadAck(ReadOnlyMemory<byte> payload)
    {
        using var reader = Open(payload, AckKind);
        return reader.ReadInt64();
    }

    private static BinaryReader Open(ReadOnlyMemory<byte> payload, byte kind)
    {
        var reader = new BinaryReader(new MemoryStream(payload.ToArray(), writable: false), Encoding.UTF8);
        var actual = reader.ReadByte();
        if (actual != kind)
        {
            reader.Dispose();
            throw new InvalidDataException($"Expected a message of kind {kind}, got {actual}.");
        }

        return reader;
    }
}
