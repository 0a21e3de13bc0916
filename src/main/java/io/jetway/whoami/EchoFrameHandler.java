package io.jetway.whoami;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * WebSocket echo on Jetty's core API: every data frame goes back as it came (text stays text,
 * binary stays binary, fragments stay fragments). The next frame is only demanded once the echo
 * is sent, so a fast sender is slowed to the pace of the connection instead of filling memory.
 */
final class EchoFrameHandler implements FrameHandler {

    private CoreSession session;

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> send(new Frame(frame.getOpCode(), frame.isFin(),
                    copy(frame.getPayload())), callback);
            // Jetty's core leaves answering pings to the handler.
            case OpCode.PING -> send(new Frame(OpCode.PONG, copy(frame.getPayload())), callback);
            default -> {
                // PONG needs nothing; CLOSE is answered by the core session.
                callback.succeeded();
                if (frame.getOpCode() != OpCode.CLOSE) {
                    session.demand();
                }
            }
        }
    }

    private void send(Frame echo, Callback received) {
        session.sendFrame(echo, Callback.from(() -> {
            received.succeeded();
            session.demand();
        }, received::failed), false);
    }

    private static ByteBuffer copy(ByteBuffer payload) {
        if (payload == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.slice()).flip();
        return copy;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        callback.succeeded();
    }
}
