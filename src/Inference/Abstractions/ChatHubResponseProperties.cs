using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Abstractions;

/// <summary>
/// ChatHub's entries in <see cref="ChatResponse.AdditionalProperties"/> and
/// <see cref="ChatResponseUpdate.AdditionalProperties"/>.
/// </summary>
public static class ChatHubResponseProperties
{
    /// <summary>The key under which the reply source (see <see cref="ReplySources"/>) is stored.</summary>
    public const string SourceKey = "chathub.source";

    /// <summary>
    /// Marks a streaming update that is a notice to the person (e.g. their place in the queue), not part of the reply:
    /// the value names the notice (<see cref="QueueNotice"/>). Consumers send it on its own and leave it out of the
    /// answer's text.
    /// </summary>
    public const string NoticeKey = "chathub.notice";

    /// <summary>The <see cref="NoticeKey"/> value of a queue-position notice.</summary>
    public const string QueueNotice = "queue";

    /// <summary>
    /// The knowledge-base entries a reply is grounded in: a <c>string[]</c> of their titles (the FAQ headings), best
    /// first. Platforms show them in their own way. On the last update of a stream, or on the response.
    /// </summary>
    public const string SourcesKey = "chathub.sources";

    /// <summary>
    /// The model asked for a human (its <c>handoff</c> tool): the value is the reason it gave, a short text for the
    /// operator. The worker hands the conversation off once the reply is sent.
    /// </summary>
    public const string HandoffKey = "chathub.handoff";

    /// <summary>
    /// Suggested replies for the person (a knowledge-base entry's <c>Suggestions:</c>): a <c>string[]</c> of short texts
    /// platforms show as buttons or chips. On the last update of a stream, or on the response.
    /// </summary>
    public const string SuggestionsKey = "chathub.suggestions";

    /// <summary>
    /// Link buttons for the person (a knowledge-base entry's <c>Links:</c>): a <c>KeyValuePair&lt;string, string&gt;[]</c> of
    /// label → http(s) address (BCL types, so the hub reads them without this project's types). On the last update of a
    /// stream, or on the response.
    /// </summary>
    public const string LinksKey = "chathub.links";

    /// <summary>True when the reply used the person's own data (their name, linked platforms, time): never cached.</summary>
    public const string PersonalKey = "chathub.personal";

    /// <summary>
    /// In a model call's <see cref="UsageContent"/> (<see cref="UsageDetails.AdditionalCounts"/>): the calls it stands for
    /// (one per call to the model slot, see <c>UsageMeteringChatClient</c>).
    /// </summary>
    public const string ModelCallsCount = "chathub.model_calls";

    /// <summary>In the same place: the milliseconds the model call took, from the call to its last update.</summary>
    public const string ModelMillisecondsCount = "chathub.model_ms";

    /// <summary>
    /// The model stage did not ask the model: the person's budget is used up (see <c>IModelBudget</c>). The value names
    /// the period; the update's text is the notice to tell them, or empty when they were told already in that period.
    /// </summary>
    public const string BudgetKey = "chathub.budget";

    public static ChatResponse WithSource(this ChatResponse response, string source)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(source);
        (response.AdditionalProperties ??= [])[SourceKey] = source;
        return response;
    }

    public static ChatResponseUpdate WithSource(this ChatResponseUpdate update, string source)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(source);
        (update.AdditionalProperties ??= [])[SourceKey] = source;
        return update;
    }

    /// <summary>Marks <paramref name="update"/> as a notice named <paramref name="notice"/> (see <see cref="NoticeKey"/>).</summary>
    public static ChatResponseUpdate AsNotice(this ChatResponseUpdate update, string notice)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(notice);
        (update.AdditionalProperties ??= [])[NoticeKey] = notice;
        return update;
    }

    /// <summary>True when <paramref name="update"/> is a notice, not part of the reply.</summary>
    public static bool IsNotice(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.ContainsKey(NoticeKey) == true;
    }

    /// <summary>Sets <see cref="SourcesKey"/> (nothing when <paramref name="titles"/> is empty).</summary>
    public static ChatResponseUpdate WithSources(this ChatResponseUpdate update, IReadOnlyList<string> titles)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Count > 0)
        {
            (update.AdditionalProperties ??= [])[SourcesKey] = titles.ToArray();
        }

        return update;
    }

    /// <summary>Sets <see cref="SourcesKey"/> (nothing when <paramref name="titles"/> is empty).</summary>
    public static ChatResponse WithSources(this ChatResponse response, IReadOnlyList<string> titles)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Count > 0)
        {
            (response.AdditionalProperties ??= [])[SourcesKey] = titles.ToArray();
        }

        return response;
    }

    /// <summary>Sets <see cref="SuggestionsKey"/> (nothing when <paramref name="suggestions"/> is empty).</summary>
    public static ChatResponseUpdate WithSuggestions(this ChatResponseUpdate update, IReadOnlyList<string> suggestions)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(suggestions);
        if (suggestions.Count > 0)
        {
            (update.AdditionalProperties ??= [])[SuggestionsKey] = suggestions.ToArray();
        }

        return update;
    }

    /// <summary>Sets <see cref="SuggestionsKey"/> (nothing when <paramref name="suggestions"/> is empty).</summary>
    public static ChatResponse WithSuggestions(this ChatResponse response, IReadOnlyList<string> suggestions)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(suggestions);
        if (suggestions.Count > 0)
        {
            (response.AdditionalProperties ??= [])[SuggestionsKey] = suggestions.ToArray();
        }

        return response;
    }

    /// <summary>Sets <see cref="LinksKey"/> (nothing when <paramref name="links"/> is empty).</summary>
    public static ChatResponseUpdate WithLinks(this ChatResponseUpdate update, IReadOnlyList<AnswerLink> links)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count > 0)
        {
            (update.AdditionalProperties ??= [])[LinksKey] = Pairs(links);
        }

        return update;
    }

    /// <summary>Sets <see cref="LinksKey"/> (nothing when <paramref name="links"/> is empty).</summary>
    public static ChatResponse WithLinks(this ChatResponse response, IReadOnlyList<AnswerLink> links)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count > 0)
        {
            (response.AdditionalProperties ??= [])[LinksKey] = Pairs(links);
        }

        return response;
    }

    /// <summary>The links under <see cref="LinksKey"/>, or empty.</summary>
    public static IReadOnlyList<AnswerLink> GetLinks(this AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(LinksKey, out var value) && value is IEnumerable<KeyValuePair<string, string>> pairs
            ? [.. pairs.Select(pair => new AnswerLink(pair.Key, pair.Value))]
            : [];

    private static KeyValuePair<string, string>[] Pairs(IReadOnlyList<AnswerLink> links) =>
        [.. links.Select(link => KeyValuePair.Create(link.Text, link.Url))];

    /// <summary>The texts under <see cref="SuggestionsKey"/>, or empty.</summary>
    public static IReadOnlyList<string> GetSuggestions(this AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(SuggestionsKey, out var value) && value is IEnumerable<string> texts
            ? texts.ToArray()
            : [];

    /// <summary>The titles under <see cref="SourcesKey"/>, or empty.</summary>
    public static IReadOnlyList<string> GetSources(this AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(SourcesKey, out var value) && value is IEnumerable<string> titles
            ? titles.ToArray()
            : [];

    /// <summary>True when <see cref="PersonalKey"/> is set.</summary>
    public static bool IsPersonal(this AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(PersonalKey, out var value) && value is true;

    public static string? GetSource(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response.AdditionalProperties);
    }

    public static string? GetSource(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Read(update.AdditionalProperties);
    }

    private static string? Read(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(SourceKey, out var value) ? value as string : null;
}
