using ChatHub.Resp;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis;

/// <summary>Stops the host at start when <c>ConnectionStrings:Redis</c> cannot be parsed (the message never shows the password).</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("ConnectionStrings:Redis is empty.");
        }

        try
        {
            RespConfiguration.Parse(options.ConnectionString).Validate();
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:Redis is not valid: {ex.Message}");
        }
    }
}
