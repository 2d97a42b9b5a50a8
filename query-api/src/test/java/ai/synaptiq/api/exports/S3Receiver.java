package ai.synaptiq.api.exports;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.net.URI;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** A real S3-compatible store (S3Proxy over an in-memory blob store) on 127.0.0.1, with one bucket; key AKIDTEST, secret s3secretTEST. */
final class S3Receiver implements AutoCloseable {
    final S3Proxy s3;
    final BlobStore blobs;

    S3Receiver(String bucket) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        blobs = context.getBlobStore();
        blobs.createContainerInLocation(null, bucket);
        s3 = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:" + LocalClickHouse.freePort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "AKIDTEST", "s3secretTEST").build();
        s3.start();
        while (!AbstractLifeCycle.STARTED.equals(s3.getState())) {
            Thread.sleep(20);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    @Override
    public void close() throws Exception {
        s3.stop();
    }
}
