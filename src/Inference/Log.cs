using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Source-generated log methods of the inference stage (event ids 4xxx). Never logs message text above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Knowledge base loaded from {Path}: {EntryCount} entries, {TermCount} distinct terms")]
    public static partial void KnowledgeBaseLoaded(ILogger logger, string path, int entryCount, int termCount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "Knowledge base answered with entry {EntryIndex} (confidence {Confidence:F2}, score {Score:F2})")]
    public static partial void KnowledgeAnswered(ILogger logger, int entryIndex, double confidence, double score);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "No confident knowledge-base match (best confidence {Confidence:F2}); asking the model client")]
    public static partial void KnowledgeDelegated(ILogger logger, double confidence);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "No answer available; replied with the fallback")]
    public static partial void FallbackReplied(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Hot-question cache warmed with {QuestionCount} questions from {EntryCount} knowledge-base entries")]
    public static partial void HotQuestionCacheWarmed(ILogger logger, int questionCount, int entryCount);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug,
        Message = "Hot-question cache full ({MaxEntries} entries); evicted {EvictedCount}")]
    public static partial void HotQuestionCacheEvicted(ILogger logger, int maxEntries, int evictedCount);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug,
        Message = "Hot-question answer from {Source} not cached")]
    public static partial void HotQuestionNotCached(ILogger logger, string source);
}
