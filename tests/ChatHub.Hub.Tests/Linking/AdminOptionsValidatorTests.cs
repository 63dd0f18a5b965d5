using ChatHub.Hub.Admin;

namespace ChatHub.Hub.Tests.Linking;

public sealed class AdminOptionsValidatorTests
{
    private static IEnumerable<string> Failures(AdminOptions options) =>
        new AdminOptionsValidator().Validate(null, options).Failures ?? [];

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa", false)]             // 16 identical characters: no entropy
    [InlineData("abababababababababababababababab", false)] // two characters, 32 bits
    [InlineData("password12345678", false)]             // 62 bits by this estimate
    [InlineData("short", false)]
    [InlineData("test-admin-key-0123456789abcdef", true)]
    [InlineData("Xq7fK2pL9vR4tZ8mB3nW6yH1", true)]        // 24 random base64-like characters
    public void Validate_KeyStrength(string key, bool accepted) =>
        Assert.Equal(accepted, !Failures(new AdminOptions { ApiKey = key }).Any());

    [Fact]
    public void Validate_SameKeyUnderTwoNames_BadNameAndBadUrl_EachNamed()
    {
        var options = new AdminOptions { Urls = "http://10.0.0.5" };
        options.Keys["ops"] = "Xq7fK2pL9vR4tZ8mB3nW6yH1";
        options.Keys["ci"] = "Xq7fK2pL9vR4tZ8mB3nW6yH1";
        options.Keys["bad name!"] = "Zq7fK2pL9vR4tZ8mB3nW6yH2";

        var failures = string.Join("\n", Failures(options));

        Assert.Contains("two names have the same key", failures, StringComparison.Ordinal);
        Assert.Contains("'bad name!'", failures, StringComparison.Ordinal);
        Assert.Contains("Admin:Urls", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("Xq7fK2pL9vR4tZ8mB3nW6yH1", failures, StringComparison.Ordinal);
    }
}
