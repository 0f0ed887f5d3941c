import cn.shenhe.Account;
import cn.shenhe.Engine;
import cn.shenhe.Verdict;

public class Example {
    public static void main(String[] args) {
        try (Engine engine = Engine.builder().build()) {          // shipped lexicons, default policy
            Verdict v = engine.screen("网络赌场注册送彩金", Account.ORG, "post-1");
            System.out.println(v.decision() + " " + v.categories()); // block [gambling]
            v.hits().forEach(h -> System.out.println(h.term() + " at " + h.utf16Start()));
            System.out.println(v);                                  // {"id":"post-1","verdict":"block",...
            System.out.println(engine.redact("手机 138-1234-5678"));   // 手机 138-****-5678
        }
    }
}
