using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Knowledge;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// At host start, fills the hot-question cache with every knowledge-base question and its <c>Also:</c> phrasings,
/// each mapped to the entry's answer (source knowledge). Does nothing without a knowledge base.
/// </summary>
public sealed class HotQuestionWarmupService : IHostedService
{
    private readonly HotQuestionCache _cache;
    private readonly KnowledgeBase? _knowledgeBase;
    private readonly HotQuestionCacheOptions _options;
    private readonly ILogger _logger;

    public HotQuestionWarmupService(
        HotQuestionCache cache,
        IOptions<HotQuestionCacheOptions> options,
        KnowledgeBase? knowledgeBase = null,
        ILogger<HotQuestionWarmupService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache;
        _options = options.Value;
        _knowledgeBase = knowledgeBase;
        _logger = logger ?? NullLogger<HotQuestionWarmupService>.Instance;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_knowledgeBase is null || !_options.WarmUpFromKnowledgeBase)
        {
            return;
        }

        var questions = 0;
        foreach (var entry in _knowledgeBase.Entries)
        {
            var answer = new HotAnswer(entry.Answer, ReplySources.Knowledge, [entry.Question])
            {
                Suggestions = entry.Suggestions.Count == 0 ? null : entry.Suggestions,
                Links = entry.Links.Count == 0 ? null : entry.Links,
            };
            foreach (var phrasing in entry.Phrasings)
            {
                var key = QuestionNormalizer.Normalize(phrasing);
                if (key.Length > 0 && key.Length <= _options.MaxQuestionLength)
                {
                    await _cache.SetAsync(key, answer, cancellationToken);
                    questions++;
                }
            }
        }

        Log.HotQuestionCacheWarmed(_logger, questions, _knowledgeBase.Entries.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
