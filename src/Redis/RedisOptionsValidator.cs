using ChatHub.Redis.Connection;
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
            RedisConnectionString.Parse(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:Redis is not valid: {ex.Message}");
        }
    }
}
