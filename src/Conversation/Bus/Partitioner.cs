namespace ChatHub.Conversation.Bus;

/// <summary>Stable key → partition mapping (FNV-1a over UTF-16 code units; the same in every process).</summary>
public static class Partitioner
{
    public static int PartitionOf(string key, int partitions)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}
