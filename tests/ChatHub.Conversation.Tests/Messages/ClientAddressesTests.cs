using System.Net;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Messages;

public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Key_IPv4AsIs_IPv6ByItsSlash64(string address, string key) => Assert.Equal(key, ClientAddresses.Key(IPAddress.Parse(address)));

    [Fact]
    public void Key_NoAddress_Null() => Assert.Null(ClientAddresses.Key(null));
}
