using System.Net;
using System.Text;
using ChatHub.Adapters.WhatsApp.Api;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>Graph API error answers, classified by WhatsApp's error codes first and the HTTP status second.</summary>
public sealed class CloudApiErrorsTests
{
    [Theory]
    [InlineData(400, 131056, "PairRateLimited", true)]
    [InlineData(400, 130429, "RateLimited", true)]
    [InlineData(400, 80007, "RateLimited", true)]
    [InlineData(400, 4, "RateLimited", true)]
    [InlineData(429, null, "RateLimited", true)]
    [InlineData(400, 131047, "WindowClosed", false)]
    [InlineData(401, 190, "Unauthorized", false)]
    [InlineData(400, 190, "Unauthorized", false)]
    [InlineData(500, 131000, "ServerError", true)]
    [InlineData(503, null, "ServerError", true)]
    [InlineData(400, 131026, "Rejected", false)]
    [InlineData(400, 100, "Rejected", false)]
    [InlineData(404, null, "Rejected", false)]
    public void Read_GraphError_ClassifiedByCodeThenStatus(int status, int? code, string kind, bool retryable)
    {
        var body = code is null ? "<html>bad gateway</html>" : $$$"""{"error":{"message":"(#{{{code}}}) fake","type":"OAuthException","code":{{{code}}},"error_data":{"messaging_product":"whatsapp","details":"more"},"fbtrace_id":"A"}}""";

        var error = WhatsAppErrors.Read((HttpStatusCode)status, Encoding.UTF8.GetBytes(body), null);

        Assert.Equal((kind, retryable, code), (error.Kind.ToString(), error.IsRetryable, error.Code));
        Assert.Equal(code is null ? $"HTTP {status}" : $"(#{code}) fake: more", error.Description);
    }
}
