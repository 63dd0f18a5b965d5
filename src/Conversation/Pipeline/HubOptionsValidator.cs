using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Pipeline;

/// <summary>Validates <see cref="HubOptions"/> at start, so bad config stops the host with a clear message.</summary>
internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (!HubRoles.TryParse(options.Roles, out _, out var error))
        {
            failures.Add(error!);
        }

        if (options.DeduplicationWindow <= TimeSpan.Zero)
        {
            failures.Add("Hub:DeduplicationWindow must be positive.");
        }

        if (options.ReplyTimeout <= TimeSpan.Zero)
        {
            failures.Add("Hub:ReplyTimeout must be positive.");
        }

        if (options.TypingDelay < TimeSpan.Zero)
        {
            failures.Add("Hub:TypingDelay must not be negative.");
        }

        if (options.ProcessingLease <= TimeSpan.Zero)
        {
            failures.Add("Hub:ProcessingLease must be positive.");
        }

        if (options.PartialReplyInterval < TimeSpan.Zero)
        {
            failures.Add("Hub:PartialReplyInterval must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
