//! `screen_batch` and `screen_iter`: input order, identical to one by one, any thread count.

use shenhe::{Account, Post};

use crate::util::SHIPPED;

fn posts() -> Vec<Post> {
    let texts = [
        "市政府召开常务会议,研究部署安全生产工作",
        "賭*博网站注册就送彩金",
        "今晚同城约炮加微信",
        "依法轮流值班,确保节日期间安全",
        "最新疫情通报",
        "",
        "气死我了,这是什么破服务",
    ];
    (0..700)
        .map(|i| Post {
            id: Some(format!("p{i}")),
            text: texts[i % texts.len()].repeat(1 + i % 3),
            account: Account::ALL[i % 3],
        })
        .collect()
}

#[test]
fn batch_equals_one_by_one_in_order() {
    let posts = posts();
    let one: Vec<String> = posts
        .iter()
        .map(|p| SHIPPED.screen(p).unwrap().to_json())
        .collect();
    let batch: Vec<String> = SHIPPED
        .screen_batch(&posts)
        .into_iter()
        .map(|v| v.unwrap().to_json())
        .collect();
    assert_eq!(one, batch);
    let iter: Vec<String> = SHIPPED
        .screen_iter(posts.clone())
        .map(|v| v.unwrap().to_json())
        .collect();
    assert_eq!(one, iter);
}

#[test]
fn thread_count_does_not_change_results() {
    let posts = posts();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| SHIPPED.screen_batch(&posts))
    };
    assert_eq!(run(1), run(2));
    assert_eq!(run(1), run(4));
}

#[test]
fn batch_over_str_slices() {
    let texts = ["网络赌场", "天气晴"];
    let v = SHIPPED.screen_batch(&texts);
    assert_eq!(v.len(), 2);
    assert!(v[1].as_ref().unwrap().is_pass());
}
