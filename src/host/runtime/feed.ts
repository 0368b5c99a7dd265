/**
 * `feedService`: posts to the platform's collaboration chat ("Feed"). In a test every post goes to
 * the handler the test sets with `feedService.setPostHandler(record => id)`, whose answer is the
 * ID of the new message.
 */
import { isQfile, type Qfile } from './files';
import { describe, requireString } from './java-checks';
import { newJavaList } from './java-values';
import { state } from './state';

/** What the post handler sees. */
export interface FeedRecord {
  channel: string | null;
  messageId: number | null;
  message: string;
  markdown: boolean;
  files: JavaList<Qfile>;
}

class FeedPost implements FeedPostView {
  private channel: string | null = null;
  private messageId: number | null = null;
  private message = '';
  private markdown = false;
  private readonly files: Qfile[] = [];

  setChannel(channel: string): FeedPost {
    this.channel = requireString(channel, 'feed.setChannel', 'channel');
    return this;
  }

  /** Posts as a comment on this message. */
  setMessageId(messageId: number): FeedPost {
    const id = Number(messageId);
    if (!Number.isFinite(id)) throw new TypeError(`feed.setMessageId: expected a message ID, got ${describe(messageId)}`);
    this.messageId = id;
    return this;
  }

  setMessage(message: string): FeedPost {
    this.message = requireString(message, 'feed.setMessage', 'message');
    this.markdown = false;
    return this;
  }

  setMarkdown(markdown: string): FeedPost {
    this.message = requireString(markdown, 'feed.setMarkdown', 'markdown');
    this.markdown = true;
    return this;
  }

  attachFile(file: QfileView): FeedPost {
    if (!isQfile(file)) throw new TypeError(`feed.attachFile: expected a file, got ${describe(file)}`);
    this.files.push(file);
    return this;
  }

  /** Sends the post; returns the new message's ID. */
  post(): number {
    const handler = state.feedPostHandler;
    if (!handler) throw new Error('no feed post handler set: feedService.setPostHandler(record => id) in the test');
    const record: FeedRecord = {
      channel: this.channel,
      messageId: this.messageId,
      message: this.message,
      markdown: this.markdown,
      files: newJavaList(this.files),
    };
    return handler(record);
  }
}

export const feedService: QuestetraFeedService = {
  begin: () => new FeedPost(),
  setPostHandler(handler: (record: FeedRecord) => number): void {
    if (typeof handler !== 'function') throw new TypeError('feedService.setPostHandler: the handler must be a function');
    state.feedPostHandler = handler;
  },
};
