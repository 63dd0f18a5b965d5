using Microsoft.Extensions.Options;

namespace ChatHub.Inference.ModelStage;

/// <summary>Parses every system prompt template at start (the default and each channel's override).</summary>
internal sealed class PromptOptionsValidator : IValidateOptions<PromptOptions>
{
    public ValidateOptionsResult Validate(string? name, PromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (SystemPrompts.Validate($"{PromptOptions.SectionName}:System", options.System) is { } error)
        {
            errors.Add(error);
        }

        foreach (var (channel, template) in options.Channels)
        {
            if (SystemPrompts.Validate($"{PromptOptions.SectionName}:Channels:{channel}", template) is { } channelError)
            {
                errors.Add(channelError);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
