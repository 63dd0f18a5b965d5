using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Fails host start when the knowledge-base file is missing, empty or malformed (with <c>ValidateOnStart</c>),
/// instead of on the first message.
/// </summary>
public sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail($"{KnowledgeOptions.SectionName}:Path must name the knowledge-base Markdown file.");
        }

        string path;
        try
        {
            path = options.ResolvePath();
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidateOptionsResult.Fail($"{KnowledgeOptions.SectionName}:Path '{options.Path}' is not a valid path: {ex.Message}");
        }

        return KnowledgeBase.TryLoad(path, out _, out var errors)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(error => $"{KnowledgeOptions.SectionName}:Path: {error}"));
    }
}
