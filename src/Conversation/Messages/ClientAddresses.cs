using System.Net;
using System.Net.Sockets;

namespace ChatHub.Conversation.Messages;

/// <summary>
/// The key under which a client's address is limited: an IPv4 address as is, an IPv6 address by its /64 (one home or
/// one host usually holds a whole /64, so counting single IPv6 addresses would limit nothing). An IPv4-mapped IPv6
/// address counts as its IPv4 address.
/// </summary>
public static class ClientAddresses
{
    /// <summary>The key of <paramref name="address"/>, or null when there is none (a test server, a Unix socket).</summary>
    public static string? Key(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
