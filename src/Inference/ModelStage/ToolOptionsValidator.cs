using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Checks the operator's HTTP tools at start: a unique name that is not a built-in tool's, a description, a parsable
/// object schema, GET or POST, an absolute http(s) URL whose host is in <see cref="ToolOptions.AllowedHosts"/> and
/// whose placeholders are declared properties in its path or query only, and a complete secret header.
/// </summary>
internal sealed partial class ToolOptionsValidator : IValidateOptions<ToolOptions>
{
    private static readonly string[] BuiltIn = [HubTools.KnowledgeSearch, "linked_platforms", "current_time", "handoff"];

    public ValidateOptionsResult Validate(string? name, ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new HashSet<string>(BuiltIn, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Http.Count; i++)
        {
            var tool = options.Http[i];
            var at = $"{ToolOptions.SectionName}:Http:{i}";
            if (tool.Name is null || !ToolName().IsMatch(tool.Name))
            {
                errors.Add($"{at}:Name must be 1 to 64 letters, digits or underscores.");
            }
            else if (!names.Add(tool.Name))
            {
                errors.Add($"{at}:Name '{tool.Name}' is taken (by a built-in tool or another HTTP tool).");
            }

            if (string.IsNullOrWhiteSpace(tool.Description))
            {
                errors.Add($"{at}:Description is required: it tells the model when to use the tool.");
            }

            HttpToolSchema? schema = null;
            try
            {
                schema = HttpToolSchema.Parse(tool.Parameters);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{at}:{ex.Message.Split(" (Parameter", 2)[0]}");
            }

            if (tool.Method is not ("GET" or "POST" or "get" or "post"))
            {
                errors.Add($"{at}:Method must be GET or POST.");
            }

            ValidateUrl(tool, schema, options.AllowedHosts, at, errors);
            if (tool.SecretHeader is { } header && (string.IsNullOrWhiteSpace(header.Name) || !HeaderName().IsMatch(header.Name) || string.IsNullOrEmpty(header.Value)))
            {
                errors.Add($"{at}:SecretHeader needs a valid Name and a Value (from configuration: an environment variable or a secret store).");
            }
        }

        if (!string.IsNullOrEmpty(options.CallerHeader)
            && (!HeaderName().IsMatch(options.CallerHeader)
                || options.Http.Any(t => string.Equals(t.SecretHeader?.Name, options.CallerHeader, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add($"{ToolOptions.SectionName}:CallerHeader must be a header name (letters, digits, '-') other than a tool's SecretHeader, or empty (not sent).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateUrl(HttpToolOptions tool, HttpToolSchema? schema, List<string> allowedHosts, string at, List<string> errors)
    {
        var template = tool.Url ?? string.Empty;
        var placeholders = Placeholder().Matches(template).Select(match => match.Groups[1].Value).ToArray();
        var sample = Placeholder().Replace(template, "x");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{at}:Url must be an absolute http(s) URL.");
            return;
        }

        if (!allowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{at}:Url's host {uri.Host} is not in {ToolOptions.SectionName}:AllowedHosts.");
        }

        var authorityEnd = template.IndexOf('/', template.IndexOf("://", StringComparison.Ordinal) + 3);
        if (placeholders.Length > 0 && (authorityEnd < 0 || template.IndexOf('{', StringComparison.Ordinal) < authorityEnd))
        {
            errors.Add($"{at}:Url may have placeholders only in its path and query, never in the host.");
        }

        foreach (var placeholder in placeholders)
        {
            if (schema is not null && !schema.Properties.Any(property => property.Name == placeholder && property.Required))
            {
                errors.Add($"{at}:Url's placeholder {{{placeholder}}} must be a required property of Parameters.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
